import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface PollingOptions {
  /** Time between runs while the page is visible. */
  intervalMs: number;
  /** The refresh; it handles its own errors. */
  run: () => void;
  /** Skip runs while this is false (e.g. nobody is signed in). */
  enabled?: () => boolean;
}

/** Focus and visibility events often come in pairs; one refresh answers both. */
const MIN_GAP_MS = 1000;

/**
 * Refreshes something on a timer while the page is visible, and at once when the page
 * comes back (tab shown, window focused, network back), starting when the host is
 * connected. A hidden tab makes no requests. Live socket updates can replace the timer
 * later; `run` stays the one way to refresh.
 */
export class PollingController implements ReactiveController {
  private timer: number | undefined;
  private lastRun = 0;

  constructor(
    host: ReactiveControllerHost,
    private readonly options: PollingOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.timer = window.setInterval(this.onTick, this.options.intervalMs);
    window.addEventListener('focus', this.onReturn);
    window.addEventListener('online', this.onReturn);
    document.addEventListener('visibilitychange', this.onReturn);
    this.runNow();
  }

  hostDisconnected(): void {
    window.clearInterval(this.timer);
    window.removeEventListener('focus', this.onReturn);
    window.removeEventListener('online', this.onReturn);
    document.removeEventListener('visibilitychange', this.onReturn);
  }

  /** Refresh now (if enabled), whatever the timer says. */
  runNow(): void {
    if (this.options.enabled && !this.options.enabled()) return;
    this.lastRun = Date.now();
    this.options.run();
  }

  private readonly onTick = (): void => {
    if (document.visibilityState === 'visible') this.runNow();
  };

  private readonly onReturn = (): void => {
    if (document.visibilityState !== 'visible' || Date.now() - this.lastRun < MIN_GAP_MS) return;
    this.runNow();
  };
}
