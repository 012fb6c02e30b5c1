import { ApiRequestError } from '../api/client.js';
import { fetchVapidPublicKey, registerPushSubscription, unregisterPushSubscription } from '../api/notifications.js';

/**
 * Web Push on this device: the browser's subscription (made through the service worker,
 * with the hub's VAPID key) and its registration with the hub. The worker shows the
 * notifications (public/sw-push.js). A device follows whoever is signed in: enabling
 * registers it for that user, and signing out removes it (`detachPushOnSignOut`).
 */
export type PushState =
  /** The browser or this page cannot do Web Push (the message says why). */
  | { readonly kind: 'unsupported'; readonly message: string }
  /** Notifications were blocked for this site; only the browser's settings can undo it. */
  | { readonly kind: 'blocked' }
  | { readonly kind: 'off' }
  | { readonly kind: 'on' };

/** A failure to show in place of the button, rather than a generic error. */
export class PushUnavailableError extends Error {
  override readonly name = 'PushUnavailableError';
}

export const PUSH_UNAVAILABLE = 'Push is not available in this browser.';

/** How long to wait for the service worker before deciding there is none. */
const WORKER_WAIT_MS = 5000;

export async function readPushState(): Promise<PushState> {
  const support = checkSupport();
  if (support) return support;
  if (Notification.permission === 'denied') return { kind: 'blocked' };
  const registration = await serviceWorkerRegistration();
  if (!registration) return { kind: 'unsupported', message: `${PUSH_UNAVAILABLE} The app's service worker is not running.` };
  const subscription = await registration.pushManager.getSubscription().catch(() => null);
  return subscription && Notification.permission === 'granted' ? { kind: 'on' } : { kind: 'off' };
}

/**
 * Asks for permission, subscribes with the hub's key and registers the subscription.
 * Throws PushUnavailableError when the browser cannot subscribe (no push service), or
 * the hub's ApiRequestError when it refuses the registration.
 */
export async function enablePush(): Promise<PushState> {
  const support = checkSupport();
  if (support) return support;
  const permission = await Notification.requestPermission();
  if (permission === 'denied') return { kind: 'blocked' };
  if (permission !== 'granted') throw new PushUnavailableError('Notifications were not allowed, so push stays off. Try again and choose “Allow”.');
  const registration = await serviceWorkerRegistration();
  if (!registration) throw new PushUnavailableError(`${PUSH_UNAVAILABLE} The app's service worker is not running.`);

  const applicationServerKey = base64UrlToBytes(await fetchVapidPublicKey());
  const subscription = await subscribe(registration, applicationServerKey);
  const { endpoint, keys } = subscription.toJSON();
  if (!endpoint || !keys?.['p256dh'] || !keys['auth']) {
    await subscription.unsubscribe().catch(() => undefined);
    throw new PushUnavailableError(`${PUSH_UNAVAILABLE} It returned a subscription without keys.`);
  }
  try {
    await registerPushSubscription({ endpoint, keys: { p256dh: keys['p256dh'], auth: keys['auth'] } });
  } catch (error) {
    // The hub would never send to it: do not leave a subscription that looks enabled.
    await subscription.unsubscribe().catch(() => undefined);
    throw error;
  }
  return { kind: 'on' };
}

/** Stops push to this device: the hub forgets it and the browser drops the subscription. */
export async function disablePush(): Promise<PushState> {
  const registration = await serviceWorkerRegistration();
  const subscription = await registration?.pushManager.getSubscription();
  if (subscription) {
    try {
      await unregisterPushSubscription(subscription.endpoint);
    } catch (error) {
      // 422: the hub did not have it (e.g. registered by someone who signed out since).
      if (!(error instanceof ApiRequestError && error.status === 422)) throw error;
    }
    await subscription.unsubscribe();
  }
  return { kind: 'off' };
}

/**
 * On sign-out: a signed-out device must not keep receiving someone's notifications.
 * Best effort and quick; sign-out goes ahead whatever happens here.
 */
export async function detachPushOnSignOut(): Promise<void> {
  if (checkSupport()) return;
  try {
    const registration = await navigator.serviceWorker.getRegistration();
    const subscription = await registration?.pushManager.getSubscription();
    if (!subscription) return;
    await Promise.allSettled([unregisterPushSubscription(subscription.endpoint), subscription.unsubscribe()]);
  } catch {
    // Nothing to detach.
  }
}

function checkSupport(): PushState | null {
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) {
    return { kind: 'unsupported', message: PUSH_UNAVAILABLE };
  }
  if (!window.isSecureContext) return { kind: 'unsupported', message: `${PUSH_UNAVAILABLE} It needs HTTPS.` };
  return null;
}

/** The app's worker registration, or null when there is none (e.g. `npm run dev`). */
async function serviceWorkerRegistration(): Promise<ServiceWorkerRegistration | null> {
  const registration = await navigator.serviceWorker.getRegistration();
  if (!registration) return null;
  if (registration.active) return registration;
  let timer: number | undefined;
  const timeout = new Promise<null>((resolve) => (timer = window.setTimeout(() => resolve(null), WORKER_WAIT_MS)));
  try {
    return await Promise.race([navigator.serviceWorker.ready, timeout]);
  } finally {
    window.clearTimeout(timer);
  }
}

async function subscribe(registration: ServiceWorkerRegistration, applicationServerKey: Uint8Array<ArrayBuffer>): Promise<PushSubscription> {
  const options: PushSubscriptionOptionsInit = { userVisibleOnly: true, applicationServerKey };
  try {
    return await registration.pushManager.subscribe(options);
  } catch (error) {
    // A subscription made with another key (the hub's keys were regenerated) blocks a new one.
    const existing = await registration.pushManager.getSubscription().catch(() => null);
    if (existing && error instanceof DOMException && error.name === 'InvalidStateError') {
      await existing.unsubscribe();
      try {
        return await registration.pushManager.subscribe(options);
      } catch (retryError) {
        throw unavailable(retryError);
      }
    }
    throw unavailable(error);
  }
}

function unavailable(error: unknown): PushUnavailableError {
  const detail = error instanceof Error && error.message ? ` (${error.message})` : '';
  return new PushUnavailableError(`${PUSH_UNAVAILABLE} The browser could not subscribe${detail}.`);
}

function base64UrlToBytes(value: string): Uint8Array<ArrayBuffer> {
  const base64 = value.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(value.length / 4) * 4, '=');
  const binary = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}
