import type { UiRoom } from '../api/socket.js';
import type { ProgressItem } from '../api/types.js';
import { type LiveHost, LiveResource, type LoadStatus, SUBSCRIBE_RETRY_MS, worthRetrying } from './live-resource.js';

/** One line of an agent's work as the dashboard shows it. */
export interface ProgressEntry {
  /** Unique within its stream, for keyed rendering. */
  readonly key: number;
  /** `log` for a plain line of the worker's log. */
  readonly kind: ProgressItem['kind'];
  readonly message: string;
  /** ISO time; null for a log line without one. */
  readonly at: string | null;
  readonly taskId: string | null;
  /** The stored line's id (task output), to avoid showing a line twice. */
  readonly id?: number;
}

/** An entry as a loader or a live item supplies it; the stream numbers it. */
export type ProgressLine = Omit<ProgressEntry, 'key'>;

export interface ProgressStreamOptions {
  /** The `agent:<id>` or `task:<id>` room whose `ui:progress` this shows. */
  room: UiRoom;
  /** What happened before the page opened (the stored output, the worker's log). */
  load(signal: AbortSignal): Promise<ProgressLine[]>;
  /** Whether a live item belongs here (a socket in several rooms gets all of them). */
  accepts(item: ProgressItem): boolean;
  /** Keep the newest this many lines. */
  limit?: number;
}

export interface StreamState {
  readonly status: LoadStatus;
  /** Oldest first. */
  readonly entries: readonly ProgressEntry[];
  readonly error: unknown;
  readonly reloading: boolean;
}

const DEFAULT_LIMIT = 2000;

/**
 * Live output of an agent or a task: the stored history, then `ui:progress` as it comes.
 * Progress is not in the event log, so nothing is replayed after a reconnect; the history
 * is loaded again instead (it holds what was missed), and live lines that arrive while it
 * loads are added after it unless it already has them.
 */
export class ProgressStream extends LiveResource {
  private current: StreamState = { status: 'loading', entries: [], error: null, reloading: false };
  private started = false;
  private loading: AbortController | null = null;
  private buffer: ProgressLine[] | null = null;
  private nextKey = 1;
  private retryTimer: number | undefined;

  constructor(
    host: LiveHost,
    private readonly options: ProgressStreamOptions,
  ) {
    super(host);
  }

  get state(): StreamState {
    return this.current;
  }

  start(): void {
    this.started = true;
    this.host.retainRooms([this.options.room]);
    // Subscribed before the history loads, so nothing falls between the two.
    if (this.host.connected) void this.subscribe();
    void this.reload();
  }

  stop(): void {
    this.started = false;
    this.loading?.abort();
    this.loading = null;
    this.buffer = null;
    window.clearTimeout(this.retryTimer);
    this.host.releaseRooms([this.options.room]);
  }

  resume(): void {
    if (!this.started) return;
    void this.subscribe();
    void this.reload();
  }

  async reload(): Promise<void> {
    this.loading?.abort();
    const controller = new AbortController();
    this.loading = controller;
    this.buffer = [];
    this.set({ reloading: true });
    try {
      const history = await this.options.load(controller.signal);
      if (controller.signal.aborted) return;
      const buffered = this.buffer ?? [];
      this.buffer = null;
      const entries = this.number([...history, ...buffered.filter((line) => !covers(history, line))]);
      this.set({ status: 'ready', entries: this.trim(entries), error: null, reloading: false });
    } catch (error) {
      if (controller.signal.aborted) return;
      this.buffer = null;
      this.set({ status: this.current.status === 'ready' ? 'ready' : 'error', error, reloading: false });
    } finally {
      if (this.loading === controller) this.loading = null;
    }
  }

  override handleProgress(items: readonly ProgressItem[]): void {
    if (!this.started) return;
    const lines = items.filter((item) => this.options.accepts(item)).map(toLine);
    if (lines.length === 0) return;
    if (this.buffer) {
      this.buffer.push(...lines);
      return;
    }
    const known = this.current.entries;
    const fresh = lines.filter((line) => line.id === undefined || !known.some((entry) => entry.id === line.id));
    if (fresh.length > 0) this.set({ entries: this.trim([...known, ...this.number(fresh)]) });
  }

  private async subscribe(): Promise<void> {
    window.clearTimeout(this.retryTimer);
    try {
      await this.host.subscribe([this.options.room]);
    } catch (error) {
      if (this.started && this.host.connected && worthRetrying(error)) this.retryTimer = window.setTimeout(() => void this.subscribe(), SUBSCRIBE_RETRY_MS);
    }
  }

  private number(lines: readonly ProgressLine[]): ProgressEntry[] {
    return lines.map((line) => ({ ...line, key: this.nextKey++ }));
  }

  private trim(entries: ProgressEntry[]): ProgressEntry[] {
    const limit = this.options.limit ?? DEFAULT_LIMIT;
    return entries.length > limit ? entries.slice(entries.length - limit) : entries;
  }

  private set(changes: Partial<StreamState>): void {
    this.current = { ...this.current, ...changes };
    this.notify();
  }
}

/** A live item as a line; stored lines carry their id, which live ones may repeat. */
export function toLine(item: ProgressItem & { id?: number }): ProgressLine {
  return {
    kind: item.kind,
    message: item.message,
    at: item.at,
    taskId: item.taskId,
    ...(typeof item.id === 'number' ? { id: item.id } : {}),
  };
}

/**
 * Whether the history already has this live line: the same stored id, the same time, kind
 * and text, or a time no later than the history's last line (a log line is shortened, so
 * its text differs from the live item's).
 */
function covers(history: readonly ProgressLine[], line: ProgressLine): boolean {
  const lastAt = history.findLast((entry) => entry.at !== null)?.at ?? null;
  if (lastAt !== null && line.at !== null && line.at <= lastAt) return true;
  return history.some((entry) =>
    line.id !== undefined && entry.id !== undefined
      ? entry.id === line.id
      : entry.at === line.at && entry.kind === line.kind && entry.message === line.message,
  );
}
