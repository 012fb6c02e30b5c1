import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * A clock for "12 s ago" texts: `now` moves on every `intervalMs` while the host is on the
 * page and the tab is visible, and the host re-renders with it.
 */
export class ClockController implements ReactiveController {
  now = Date.now();
  private timer: number | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly intervalMs = 1000,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.now = Date.now();
    this.timer = window.setInterval(this.tick, this.intervalMs);
  }

  hostDisconnected(): void {
    window.clearInterval(this.timer);
  }

  private readonly tick = (): void => {
    if (document.visibilityState !== 'visible') return;
    this.now = Date.now();
    this.host.requestUpdate();
  };
}
