import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Seconds left until a deadline (e.g. a 429's Retry-After), ticking once a second. */
export class CountdownController implements ReactiveController {
  private deadline = 0;
  private timer: number | undefined;
  remaining = 0;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  start(seconds: number): void {
    this.deadline = Date.now() + seconds * 1000;
    this.tick();
    window.clearInterval(this.timer);
    this.timer = window.setInterval(this.tick, 1000);
  }

  get running(): boolean {
    return this.remaining > 0;
  }

  hostConnected(): void {
    if (this.deadline > Date.now()) this.start(Math.ceil((this.deadline - Date.now()) / 1000));
  }

  hostDisconnected(): void {
    window.clearInterval(this.timer);
  }

  private readonly tick = (): void => {
    this.remaining = Math.max(0, Math.ceil((this.deadline - Date.now()) / 1000));
    if (this.remaining === 0) window.clearInterval(this.timer);
    this.host.requestUpdate();
  };
}
