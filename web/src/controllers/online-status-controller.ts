import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * The browser's idea of connectivity. `navigator.onLine` is only a hint (true does not
 * mean the hub is reachable), so it drives a banner, never a decision to skip a request.
 */
export class OnlineStatusController implements ReactiveController {
  online = navigator.onLine;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('online', this.onChange);
    window.addEventListener('offline', this.onChange);
    this.online = navigator.onLine;
  }

  hostDisconnected(): void {
    window.removeEventListener('online', this.onChange);
    window.removeEventListener('offline', this.onChange);
  }

  private readonly onChange = (): void => {
    this.online = navigator.onLine;
    this.host.requestUpdate();
  };
}
