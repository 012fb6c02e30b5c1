/**
 * Watches the Engine's event stream for the `die` of this driver's containers: one long-lived
 * request for the whole fleet instead of one wait per container. The stream is reopened when
 * it breaks (an Engine restart, a proxy timeout), asking for the events since the last one
 * seen so none is missed; the driver's periodic reconciliation covers the rest.
 */
import type Docker from 'dockerode';

export interface DieEvent {
  containerId: string;
  name: string;
  exitCode: number | null;
  /** Seconds since the epoch, as Docker reports it. */
  time: number;
}

interface RawEvent {
  Type?: string;
  Action?: string;
  status?: string;
  id?: string;
  time?: number;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 10_000;

export class DieEventWatcher {
  private stream: NodeJS.ReadableStream | null = null;
  private closed = false;
  private lastTime = 0;
  private reconnectMs = RECONNECT_MIN_MS;
  private reconnectTimer: NodeJS.Timeout | undefined;
  /** True while a stream is open; health() reports a driver that is not watching. */
  connected = false;

  constructor(
    private readonly docker: Docker,
    private readonly labelFilters: string[],
    private readonly onDie: (event: DieEvent) => void,
    /** Called after a reconnect: events may have been missed while the stream was down. */
    private readonly onResync: () => void,
    private readonly log: (line: string) => void,
  ) {}

  /** Resolves once the Engine has accepted the subscription. */
  async start(): Promise<void> {
    await this.open();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    const stream = this.stream as (NodeJS.ReadableStream & { destroy?: () => void }) | null;
    this.stream = null;
    this.connected = false;
    stream?.removeAllListeners();
    stream?.on('error', () => undefined);
    stream?.destroy?.();
  }

  private async open(): Promise<void> {
    const since = this.lastTime > 0 ? String(this.lastTime) : undefined;
    const stream = await this.docker.getEvents({
      ...(since && { since }),
      filters: JSON.stringify({ type: ['container'], event: ['die'], label: this.labelFilters }),
    } as Parameters<Docker['getEvents']>[0]);
    if (this.closed) {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      return;
    }
    this.stream = stream;
    this.connected = true;
    this.reconnectMs = RECONNECT_MIN_MS;
    let buffered = '';
    stream.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffered.indexOf('\n')) !== -1) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        if (line) this.handle(line);
      }
    });
    const broken = (why: string) => {
      if (this.stream !== stream) return;
      this.stream = null;
      this.connected = false;
      if (!this.closed) this.scheduleReconnect(why);
    };
    stream.on('error', (err: Error) => broken(err.message));
    stream.on('end', () => broken('stream ended'));
    stream.on('close', () => broken('stream closed'));
  }

  private handle(line: string): void {
    let event: RawEvent;
    try {
      event = JSON.parse(line) as RawEvent;
    } catch {
      return;
    }
    if ((event.Action ?? event.status) !== 'die') return;
    const containerId = event.Actor?.ID ?? event.id;
    if (!containerId) return;
    if (typeof event.time === 'number') this.lastTime = Math.max(this.lastTime, event.time);
    const code = Number(event.Actor?.Attributes?.exitCode);
    this.onDie({ containerId, name: event.Actor?.Attributes?.name ?? '', exitCode: Number.isInteger(code) ? code : null, time: event.time ?? 0 });
  }

  private scheduleReconnect(why: string): void {
    this.log(`runtime(docker): event stream lost (${why}); reconnecting in ${this.reconnectMs} ms`);
    this.reconnectTimer = setTimeout(() => {
      this.open().then(
        () => this.onResync(),
        (err: unknown) => {
          this.reconnectMs = Math.min(RECONNECT_MAX_MS, this.reconnectMs * 2);
          if (!this.closed) this.scheduleReconnect(err instanceof Error ? err.message : String(err));
        },
      );
    }, this.reconnectMs);
    this.reconnectTimer.unref();
  }
}
