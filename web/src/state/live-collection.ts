import { ApiRequestError } from '../api/client.js';
import { fetchHeadSeq } from '../api/events.js';
import type { UiRoom } from '../api/socket.js';
import type { DomainEvent } from '../api/types.js';
import { type LiveHost, LiveResource, type LoadStatus, SUBSCRIBE_RETRY_MS, worthRetrying } from './live-resource.js';

/** What a domain event means for a collection: this id now holds `item`, or (null) is gone from it. */
export interface CollectionChange<T> {
  id: string;
  item: T | null;
}

/** A REST snapshot; `staleSince` is set when it came from the offline cache instead of the hub. */
export interface Snapshot<T> {
  items: readonly T[];
  staleSince: Date | null;
}

export interface CollectionOptions<T> {
  /** Rooms whose events keep the collection current. */
  rooms: readonly UiRoom[];
  load(signal: AbortSignal): Promise<Snapshot<T>>;
  /** Which item an event changes, or null when it is about something else. */
  change(event: DomainEvent): CollectionChange<T> | null;
  idOf(item: T): string;
  /** Display order of `items`. */
  compare(a: T, b: T): number;
  /** Keep at most this many (the first ones in `compare` order). */
  limit?: number;
  /** Reads the event log's head seq (`GET /events?order=desc&limit=1`; replaceable in tests). */
  readHead?: (signal: AbortSignal) => Promise<number>;
}

export interface CollectionState<T> {
  readonly status: LoadStatus;
  /** In `compare` order; a new array on every change. */
  readonly items: readonly T[];
  readonly error: unknown;
  /** A reload is running; `items` are still the previous ones. */
  readonly reloading: boolean;
  /** The snapshot came from the offline cache (the hub was unreachable); when it was fetched. */
  readonly staleSince: Date | null;
}

/** Ids whose item left the collection are remembered (with their seq) up to this many. */
const MAX_TOMBSTONES = 5000;

/**
 * A live collection in the manner of home-assistant-js-websocket's `collection.ts`: a REST
 * snapshot taken after reading the log's head seq, then kept current by the domain events
 * of its rooms, applied as upserts by id. An event is applied once: each id remembers the
 * seq that last changed it, so replays, duplicates across rooms and stragglers older than
 * the snapshot are ignored. After a reconnect it resubscribes from the last seq it saw,
 * and reloads when the hub says too much was missed (`resync`). The LiveSession shares one
 * instance between its consumers and stops it a grace period after the last one leaves.
 */
export class LiveCollection<T> extends LiveResource {
  private current: CollectionState<T> = { status: 'loading', items: [], error: null, reloading: false, staleSince: null };
  private items = new Map<string, T>();
  /** The seq that last changed each id, including ids no longer in `items`. */
  private seqs = new Map<string, number>();
  /** Where to resume after a reconnect; null when only a reload can make the data whole. */
  private cursor: number | null = null;
  /** The rooms are subscribed on the current connection (events advance `cursor`). */
  private subscribed = false;
  private loading: AbortController | null = null;
  /** Events that arrive while a snapshot loads, applied on top of it. */
  private buffer: DomainEvent[] | null = null;
  private started = false;
  private retryTimer: number | undefined;

  constructor(
    host: LiveHost,
    private readonly options: CollectionOptions<T>,
  ) {
    super(host);
  }

  get state(): CollectionState<T> {
    return this.current;
  }

  /** The item with this id, if the collection holds it. */
  get(id: string): T | undefined {
    return this.items.get(id);
  }

  start(): void {
    this.started = true;
    this.host.retainRooms(this.options.rooms);
    void this.reload();
  }

  stop(): void {
    this.started = false;
    this.subscribed = false;
    this.loading?.abort();
    this.loading = null;
    this.buffer = null;
    window.clearTimeout(this.retryTimer);
    this.host.releaseRooms(this.options.rooms);
  }

  resume(): void {
    this.subscribed = false;
    if (!this.started || this.loading) return; // a running load subscribes when it is done
    if (this.cursor === null || this.current.status === 'error') void this.reload();
    else void this.subscribeFrom(this.cursor);
  }

  override disconnected(): void {
    this.subscribed = false;
    window.clearTimeout(this.retryTimer);
  }

  /**
   * Folds fresher copies of some items into the collection (e.g. heartbeats, which change
   * no event): `combine` decides what of `fresh` to take; ids not held are ignored.
   */
  merge(fresh: readonly T[], combine: (current: T, fresh: T) => T): void {
    let changed = false;
    for (const item of fresh) {
      const id = this.options.idOf(item);
      const current = this.items.get(id);
      if (current === undefined) continue;
      const next = combine(current, item);
      if (next === current) continue;
      this.items.set(id, next);
      changed = true;
    }
    if (changed) this.set({ items: this.ordered() });
  }

  /** Takes a new snapshot (Retry, resync); the current items stay visible meanwhile. */
  async reload(): Promise<void> {
    this.loading?.abort();
    const controller = new AbortController();
    const { signal } = controller;
    this.loading = controller;
    this.buffer = [];
    // Until the new snapshot is in, the old resume point is no promise of anything.
    this.cursor = null;
    this.set({ status: this.current.status === 'ready' ? 'ready' : 'loading', reloading: true, error: null });

    // The head is read first, so whatever committed after it is replayed on subscribe.
    let headSeq: number | null = null;
    try {
      headSeq = await (this.options.readHead ?? fetchHeadSeq)(signal);
    } catch (error) {
      if (signal.aborted) return;
      // Offline, the snapshot may still come from the cache; it just cannot be resumed.
      if (!(error instanceof ApiRequestError && error.code === 'NETWORK')) return this.failed(error);
    }
    let snapshot: Snapshot<T>;
    try {
      snapshot = await this.options.load(signal);
    } catch (error) {
      if (signal.aborted) return;
      return this.failed(error);
    }
    if (signal.aborted) return;

    const base = headSeq ?? 0;
    this.items = new Map();
    this.seqs = new Map();
    for (const item of snapshot.items) {
      const id = this.options.idOf(item);
      this.items.set(id, item);
      this.seqs.set(id, base);
    }
    const buffered = this.buffer ?? [];
    this.buffer = null;
    this.loading = null;
    this.cursor = headSeq !== null && snapshot.staleSince === null ? headSeq : null;
    this.apply(buffered, false);
    this.set({ status: 'ready', items: this.ordered(), reloading: false, error: null, staleSince: snapshot.staleSince });
    if (this.cursor !== null && this.host.connected) await this.subscribeFrom(this.cursor);
  }

  override handleEvents(events: readonly DomainEvent[]): void {
    if (!this.started) return;
    if (this.buffer) {
      this.buffer.push(...events);
      return;
    }
    if (this.apply(events, this.subscribed)) this.set({ items: this.ordered() });
  }

  private async subscribeFrom(afterSeq: number): Promise<void> {
    window.clearTimeout(this.retryTimer);
    try {
      const result = await this.host.subscribe(this.options.rooms, afterSeq);
      if (!this.started) return;
      if (result.resync) {
        void this.reload();
        return;
      }
      this.subscribed = true;
      // Everything in our rooms up to headSeq has been delivered (the replay came first).
      this.cursor = Math.max(this.cursor ?? 0, result.headSeq);
    } catch (error) {
      // Not acknowledged (or the socket dropped): a reconnect resumes anyway; otherwise try again.
      if (this.started && this.host.connected && worthRetrying(error)) {
        this.retryTimer = window.setTimeout(() => this.resume(), SUBSCRIBE_RETRY_MS);
      }
    }
  }

  /** Applies events in order; true when an item changed. */
  private apply(events: readonly DomainEvent[], advanceCursor: boolean): boolean {
    let changed = false;
    for (const event of events) {
      if (advanceCursor && this.cursor !== null && event.seq > this.cursor) this.cursor = event.seq;
      const change = this.options.change(event);
      if (!change) continue;
      const last = this.seqs.get(change.id);
      if (last !== undefined && event.seq <= last) continue;
      this.seqs.set(change.id, event.seq);
      if (change.item !== null) this.items.set(change.id, change.item);
      else if (!this.items.delete(change.id)) continue;
      changed = true;
    }
    return changed;
  }

  /** The items in display order, trimmed to the limit (trimmed ids keep their seq). */
  private ordered(): T[] {
    const sorted = [...this.items.values()].sort(this.options.compare);
    const limit = this.options.limit;
    if (limit !== undefined && sorted.length > limit) {
      for (const item of sorted.splice(limit)) this.items.delete(this.options.idOf(item));
    }
    this.pruneTombstones();
    return sorted;
  }

  private pruneTombstones(): void {
    let excess = this.seqs.size - this.items.size - MAX_TOMBSTONES;
    if (excess <= 0) return;
    for (const id of this.seqs.keys()) {
      if (excess <= 0) break;
      if (this.items.has(id)) continue;
      this.seqs.delete(id);
      excess -= 1;
    }
  }

  private failed(error: unknown): void {
    this.loading = null;
    this.buffer = null;
    this.set({ status: this.current.status === 'ready' ? 'ready' : 'error', reloading: false, error });
  }

  private set(changes: Partial<CollectionState<T>>): void {
    this.current = { ...this.current, ...changes };
    this.notify();
  }
}
