import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { canInstall, installPrompt, promptInstall } from '../pwa/install-prompt.js';
import { installUpdate, isUpdateWaiting, serviceWorkerEvents } from '../pwa/service-worker.js';

/** What the shell offers about the app itself: "Install app" and "New version — reload". */
export class PwaController implements ReactiveController {
  installable = canInstall();
  updateWaiting = isUpdateWaiting();

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    installPrompt.addEventListener('change', this.onChange);
    serviceWorkerEvents.addEventListener('change', this.onChange);
    this.onChange();
  }

  hostDisconnected(): void {
    installPrompt.removeEventListener('change', this.onChange);
    serviceWorkerEvents.removeEventListener('change', this.onChange);
  }

  install(): Promise<void> {
    return promptInstall();
  }

  update(): Promise<void> {
    return installUpdate();
  }

  private readonly onChange = (): void => {
    this.installable = canInstall();
    this.updateWaiting = isUpdateWaiting();
    this.host.requestUpdate();
  };
}
