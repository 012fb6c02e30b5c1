import { registerSW } from 'virtual:pwa-register';

/**
 * Registers the Workbox service worker that precaches the app shell (so the dashboard
 * opens offline) and reports when a new version is waiting. Updates are applied only
 * when the user accepts them (see registerType 'prompt' in vite.config.ts).
 */
export const serviceWorkerEvents = new EventTarget();
let updateWaiting = false;
let applyUpdate: ((reloadPage?: boolean) => Promise<void>) | null = null;

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  applyUpdate = registerSW({
    immediate: true,
    onNeedRefresh() {
      updateWaiting = true;
      serviceWorkerEvents.dispatchEvent(new Event('change'));
    },
    onRegisterError(error: unknown) {
      // Without a worker the app still runs online; it just will not open offline.
      console.warn('Hive: service worker registration failed', error);
    },
  });
}

export function isUpdateWaiting(): boolean {
  return updateWaiting;
}

/** Activates the waiting worker and reloads into the new version. */
export async function installUpdate(): Promise<void> {
  await applyUpdate?.(true);
}
