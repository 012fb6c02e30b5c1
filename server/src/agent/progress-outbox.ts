import { AGENT_EVENTS, type TaskProgress } from '../../../shared/index.js';
import { HubRequestError, isFinalRefusal, type HubConnection } from './hub-connection.js';

type Line = TaskProgress;

/** Lines sent together; the hub stores lines arriving together in one insert. */
const WINDOW = 32;
/** Most lines kept while the hub cannot take them; beyond it the oldest are dropped (and said so). */
const MAX_KEPT = 5000;
const RETRY_MS = 1000;
const RATE_LIMITED_RETRY_MS = 10_000;
/**
 * How long a line may wait for its acknowledgement. Long: a lost connection fails the wait at
 * once (Socket.IO rejects pending acknowledgements on disconnect), so this only decides when a
 * slow but living hub is asked again — too soon, and an overloaded hub gets every line twice.
 */
const ACK_TIMEOUT_MS = 60_000;

/**
 * A task's progress lines, delivered to the hub in order and acknowledged. A line the hub could
 * not store — its database or the hub itself restarting, the connection down — is sent again,
 * so a task's stored output is whole through faults; a line the hub refuses for good (the task
 * is no longer this agent's) is dropped. What a fault can do: a line sent again lands after
 * those of its window that were stored, and a line stored whose acknowledgement was lost is
 * stored twice; none goes missing.
 */
export class ProgressOutbox {
  private readonly queue: Line[] = [];
  private sending = false;
  private retry: NodeJS.Timeout | null = null;
  private dropped = 0;
  private waiters: Array<() => void> = [];

  constructor(
    private readonly hub: Pick<HubConnection, 'request' | 'socket'>,
    private readonly log: (line: string) => void,
  ) {
    hub.socket.on('connect', () => this.kick());
  }

  push(line: Line): void {
    if (this.queue.length >= MAX_KEPT) {
      this.queue.shift();
      if (this.dropped++ === 0) this.log(`progress: the hub has not taken lines for a while; dropping the oldest beyond ${MAX_KEPT}`);
    }
    this.queue.push(line);
    this.kick();
  }

  /** Resolves once every line pushed so far is delivered or dropped, or after `ms`. */
  drained(ms: number): Promise<void> {
    if (this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref();
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private kick(): void {
    if (this.sending || this.retry || !this.hub.socket.connected) return;
    void this.send();
  }

  private async send(): Promise<void> {
    this.sending = true;
    try {
      while (this.queue.length > 0 && this.hub.socket.connected) {
        const window = this.queue.slice(0, WINDOW);
        const outcomes = await Promise.allSettled(window.map((line) => this.hub.request(AGENT_EVENTS.progress, line, ACK_TIMEOUT_MS)));
        // Keep, in order, the lines to send again; drop the delivered and the refused for good.
        const again = window.filter((_, i) => {
          const o = outcomes[i]!;
          if (o.status === 'fulfilled') return false;
          if (isFinalRefusal(o.reason)) {
            this.log(`progress line refused: ${(o.reason as Error).message}`);
            return false;
          }
          return true;
        });
        this.queue.splice(0, window.length, ...again);
        if (again.length > 0) {
          // Told to slow down: every line sent again counts against the limit once more.
          const limited = outcomes.some((o) => o.status === 'rejected' && o.reason instanceof HubRequestError && o.reason.code === 'RATE_LIMITED');
          this.retry = setTimeout(() => {
            this.retry = null;
            this.kick();
          }, limited ? RATE_LIMITED_RETRY_MS : RETRY_MS);
          this.retry.unref();
          return;
        }
      }
    } finally {
      this.sending = false;
      if (this.queue.length === 0) {
        if (this.dropped > 0) this.log(`progress: ${this.dropped} line(s) were dropped while the hub could not take them`);
        this.dropped = 0;
        for (const w of this.waiters.splice(0)) w();
      }
    }
  }
}
