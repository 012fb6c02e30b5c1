/**
 * A worker the process driver is watching: either its own child (exit comes as an event) or
 * one adopted after a hub restart (exit is noticed by polling). Either way the exit is
 * handled once, and anyone waiting in stop() learns when it is over.
 */
import type { ChildProcess } from 'node:child_process';
import type { RuntimeInstance } from './port.js';
import type { ProcessRecord } from './process-registry.js';

export class TrackedWorker {
  readonly instance: RuntimeInstance;
  /** stop() was called: the exit that follows is expected. */
  stopRequested = false;
  /** The running stop(), shared by concurrent callers. */
  stopping: Promise<void> | null = null;
  /** The exit has been seen; set before any cleanup so a second detection is ignored. */
  exitSeen = false;
  /** Settles when the registry record is on disk (or writing it failed). */
  recordWritten: Promise<void> = Promise.resolve();
  /** Settles once the exit is fully handled (record removed, listeners told), or the driver closed. */
  readonly gone: Promise<void>;
  private markGoneNow!: () => void;

  constructor(
    readonly record: ProcessRecord,
    /** Null for an adopted worker: another hub process spawned it. */
    readonly child: ChildProcess | null,
  ) {
    this.instance = {
      agentId: record.agentId,
      runtime: 'process',
      ref: String(record.pid),
      startedAt: record.startedAt,
      state: 'running',
      adopted: child === null,
    };
    this.gone = new Promise((resolve) => (this.markGoneNow = resolve));
  }

  get adopted(): boolean {
    return this.child === null;
  }

  get pid(): number {
    return this.record.pid;
  }

  markGone(): void {
    this.markGoneNow();
  }

  /** True when the worker is gone within `ms`. */
  async waitGone(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    try {
      return await Promise.race([this.gone.then(() => true as const), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }
}
