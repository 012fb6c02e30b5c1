import type { UiRoom } from '../api/socket.js';
import type { DomainEvent } from '../api/types.js';
import { type LiveHost, LiveResource, type LoadStatus, SUBSCRIBE_RETRY_MS, worthRetrying } from './live-resource.js';

export interface LiveValueOptions<T> {
  /** Rooms whose events may change the value; none for a value that is only polled. */
  rooms: readonly UiRoom[];
  load(signal: AbortSignal): Promise<T>;
  /** Whether this event changes the value (it is then loaded again). */
  affectedBy(event: DomainEvent): boolean;
  /** At most one load per this many ms, however busy the fleet. */
  throttleMs?: number;
  /** Also load this often, for what no event reports (health, heartbeats). */
  pollMs?: number;
}

export interface ValueState<T> {
  readonly status: LoadStatus;
  readonly value: T | undefined;
  readonly error: unknown;
  readonly reloading: boolean;
}

const DEFAULT_THROTTLE_MS = 1500;

/**
 * A value computed by the hub (counts by status, a total, the cluster view) that no
 * event carries whole: loaded over REST, and loaded again, throttled, whenever an event
 * in its rooms says it changed, and after every reconnect (the events missed meanwhile are
 * not replayed for it).
 */
export class LiveValue<T> extends LiveResource {
  private current: ValueState<T> = { status: 'loading', value: undefined, error: null, reloading: false };
  private started = false;
  private loading: AbortController | null = null;
  /** Another change arrived while loading: load once more afterwards. */
  private dirty = false;
  private lastLoad = 0;
  private throttleTimer: number | undefined;
  private pollTimer: number | undefined;
  private retryTimer: number | undefined;

  constructor(
    host: LiveHost,
    private readonly options: LiveValueOptions<T>,
  ) {
    super(host);
  }

  get state(): ValueState<T> {
    return this.current;
  }

  start(): void {
    this.started = true;
    this.host.retainRooms(this.options.rooms);
    if (this.host.connected) void this.subscribe();
    void this.reload();
    if (this.options.pollMs) this.pollTimer = window.setInterval(() => this.poll(), this.options.pollMs);
  }

  stop(): void {
    this.started = false;
    this.loading?.abort();
    this.loading = null;
    window.clearTimeout(this.throttleTimer);
    window.clearTimeout(this.retryTimer);
    window.clearInterval(this.pollTimer);
    this.host.releaseRooms(this.options.rooms);
  }

  resume(): void {
    if (!this.started) return;
    void this.subscribe();
    void this.reload();
  }

  override handleEvents(events: readonly DomainEvent[]): void {
    if (this.started && events.some((event) => this.options.affectedBy(event))) this.schedule();
  }

  async reload(): Promise<void> {
    if (this.loading) {
      this.dirty = true;
      return;
    }
    const controller = new AbortController();
    this.loading = controller;
    this.dirty = false;
    this.lastLoad = Date.now();
    this.set({ reloading: true });
    try {
      const value = await this.options.load(controller.signal);
      if (controller.signal.aborted) return;
      this.set({ status: 'ready', value, error: null, reloading: false });
    } catch (error) {
      if (controller.signal.aborted) return;
      this.set({ status: this.current.value === undefined ? 'error' : 'ready', error, reloading: false });
    } finally {
      if (this.loading === controller) this.loading = null;
    }
    if (this.dirty && this.started) this.schedule();
  }

  private schedule(): void {
    if (this.loading) {
      this.dirty = true;
      return;
    }
    if (this.throttleTimer !== undefined) return;
    const wait = Math.max(0, this.lastLoad + (this.options.throttleMs ?? DEFAULT_THROTTLE_MS) - Date.now());
    this.throttleTimer = window.setTimeout(() => {
      this.throttleTimer = undefined;
      void this.reload();
    }, wait);
  }

  private poll(): void {
    if (document.visibilityState === 'visible') this.schedule();
  }

  private async subscribe(): Promise<void> {
    if (this.options.rooms.length === 0) return;
    window.clearTimeout(this.retryTimer);
    try {
      await this.host.subscribe(this.options.rooms);
    } catch (error) {
      if (this.started && this.host.connected && worthRetrying(error)) this.retryTimer = window.setTimeout(() => void this.subscribe(), SUBSCRIBE_RETRY_MS);
    }
  }

  private set(changes: Partial<ValueState<T>>): void {
    this.current = { ...this.current, ...changes };
    this.notify();
  }
}
