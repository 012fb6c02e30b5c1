/**
 * A container the Docker driver watches: one it started (or claimed from the warm pool) or
 * one it adopted after a hub restart. Its exit is handled once, however it is noticed (the
 * event stream, a wait during stop(), or the periodic reconciliation).
 */
import type { RuntimeInstance } from '../port.js';

export class TrackedContainer {
  readonly instance: RuntimeInstance;
  stopRequested = false;
  stopping: Promise<void> | null = null;
  exitSeen = false;
  /** Set once its output has been copied to the log archive (logs() then reads only the archive). */
  logsArchived = false;
  /** Settles when spawn()/claim() has returned (true) or failed (false); exits wait for it. */
  readonly launched: Promise<boolean>;
  readonly gone: Promise<void>;
  /** When the driver started tracking it (performance.now()): reconciliation ignores containers newer than its listing. */
  readonly trackedAt = performance.now();
  private settleLaunch!: (ok: boolean) => void;
  private markGoneNow!: () => void;

  constructor(
    readonly agentId: string,
    readonly agentType: string,
    readonly containerId: string,
    startedAt: string,
    adopted: boolean,
  ) {
    this.instance = { agentId, runtime: 'docker', ref: containerId, startedAt, state: 'running', adopted };
    this.launched = new Promise((resolve) => (this.settleLaunch = resolve));
    this.gone = new Promise((resolve) => (this.markGoneNow = resolve));
    if (adopted) this.settleLaunch(true);
  }

  launchDone(ok: boolean): void {
    this.settleLaunch(ok);
  }

  markGone(): void {
    this.markGoneNow();
  }

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
