import { registerSW } from 'virtual:pwa-register';
import { navigate } from '../router/navigation.js';

/**
 * Registers the Workbox service worker that precaches the app shell (so the dashboard
 * opens offline) and reports when a new version is waiting. Updates are applied only
 * when the user accepts them (see registerType 'prompt' in vite.config.ts).
 */
export const serviceWorkerEvents = new EventTarget();
let updateWaiting = false;
let applyUpdate: ((reloadPage?: boolean) => Promise<void>) | null = null;

/** Sent by public/sw-push.js when a notification is clicked while the app is open. */
const NAVIGATE_MESSAGE = 'hive-navigate';

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  // A notification's deep link opens in place, through the router, not as a page reload.
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent<unknown>) => {
    const data = event.data;
    if (typeof data === 'object' && data !== null && 'type' in data && data.type === NAVIGATE_MESSAGE && 'url' in data && typeof data.url === 'string') {
      navigate(data.url);
    }
  });
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
