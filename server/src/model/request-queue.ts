/**
 * Limits how many model requests run at once and, after the API says "slow down" (429),
 * holds every further request until the time it gave. Without the pause, each agent of a
 * fleet would back off on its own schedule and the next one would hit the limit again.
 * Requests already under way finish normally; the pause only gates new starts.
 */
interface Waiter {
  start: () => void;
}

export class RequestQueue {
  readonly concurrency: number;
  #active = 0;
  #waiting: Waiter[] = [];
  #pausedUntil = 0;
  #wakeTimer: NodeJS.Timeout | undefined;

  constructor(concurrency = 4) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
    this.concurrency = concurrency;
  }

  get active(): number {
    return this.#active;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  /** Epoch ms before which no request starts (0 when not paused). */
  get pausedUntil(): number {
    return this.#pausedUntil > Date.now() ? this.#pausedUntil : 0;
  }

  /** Run `task` when a slot is free and the queue is not paused. */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.#acquire(signal);
    try {
      return await task();
    } finally {
      this.#active--;
      this.#drain();
    }
  }

  /** Start nothing new before `epochMs`; a later pause extends an earlier one, never shortens it. */
  pauseUntil(epochMs: number): void {
    if (epochMs <= this.#pausedUntil) return;
    this.#pausedUntil = epochMs;
    this.#drain();
  }

  #acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.#waiting.length === 0 && this.#canStart()) {
      this.#active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.#waiting = this.#waiting.filter((w) => w !== waiter);
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push(waiter);
      this.#drain();
    });
  }

  #canStart(): boolean {
    return this.#active < this.concurrency && Date.now() >= this.#pausedUntil;
  }

  #drain(): void {
    while (this.#waiting.length > 0 && this.#canStart()) {
      this.#active++;
      this.#waiting.shift()!.start();
    }
    // Paused with work waiting: wake up when the pause ends (one timer, re-armed as needed).
    if (this.#waiting.length > 0 && this.#active < this.concurrency && this.#wakeTimer === undefined) {
      this.#wakeTimer = setTimeout(() => {
        this.#wakeTimer = undefined;
        this.#drain();
      }, Math.max(1, this.#pausedUntil - Date.now()));
    }
  }
}
