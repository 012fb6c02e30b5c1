import type { ProgressItem } from '../../../shared/index.js';
import type { StoredProgress } from '../store/repos/task-output.js';
import { withTimeout } from '../with-timeout.js';

type NewProgress = Omit<ProgressItem, 'at'>;
interface Pending {
  item: NewProgress;
  resolve: (stored: StoredProgress | null) => void;
  reject: (err: unknown) => void;
}

/** Rows per statement: a burst is split rather than sent as one huge insert. */
const MAX_BATCH = 200;
/** The longest one batch may take; the worker sends what failed again (ProgressOutbox). */
const WRITE_TIMEOUT_MS = 10_000;

/**
 * Stores agents' progress items in batches, one multi-row insert per batch instead of a
 * statement per item (progress is the most frequent thing a worker sends). Items handed in
 * during the same turn of the event loop, or while the previous batch is being written, go
 * out together; each caller gets its own stored row, in the order the items were handed in,
 * so the gateway still broadcasts each item only after it is stored, in order. An item whose
 * task is not assigned to its agent is not stored: its caller gets null (checked in the
 * insert itself, see TaskOutputRepository.appendForAssignee).
 */
export class ProgressWriter {
  private queue: Pending[] = [];
  private scheduled = false;
  private writing = false;

  private readonly timedOut: string;

  constructor(
    private readonly repo: { appendForAssignee(items: readonly NewProgress[]): Promise<Array<StoredProgress | null>> },
    private readonly writeTimeoutMs = WRITE_TIMEOUT_MS,
  ) {
    this.timedOut = `storing progress took over ${writeTimeoutMs} ms`;
  }

  /** The stored item, or null when its task is not assigned to its agent. */
  append(item: NewProgress): Promise<StoredProgress | null> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.scheduled || this.writing) return; // the running drain takes it
      this.scheduled = true;
      // setImmediate rather than a timer: the items of one socket read are all handed in by
      // then, and a lone item is not held back waiting for company.
      setImmediate(() => {
        this.scheduled = false;
        void this.drain();
      });
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length) await this.write(this.queue.splice(0, MAX_BATCH));
    } finally {
      this.writing = false;
    }
  }

  private async write(batch: Pending[]): Promise<void> {
    let stored: Array<StoredProgress | null>;
    try {
      // Bounded: writes go one batch at a time, so one insert that never settles (seen after a
      // Postgres restart) would hold every later line of every agent here until the hub restarts.
      stored = await withTimeout(this.repo.appendForAssignee(batch.map((p) => p.item)), this.writeTimeoutMs, this.timedOut);
    } catch (err) {
      // One bad item must not fail its neighbours: store them one by one, each with its own
      // outcome — unless the database did not answer at all, which one by one would only repeat.
      if (batch.length === 1 || (err as Error).message === this.timedOut) {
        for (const p of batch) p.reject(err);
        return;
      }
      for (const p of batch) await this.write([p]);
      return;
    }
    batch.forEach((p, i) => p.resolve(stored[i] ?? null));
  }
}
