/* global self, clients */
/**
 * Web Push for Hive's service worker. The Workbox-generated sw.js loads this file with
 * importScripts (vite.config.ts), so precaching and the offline navigation fallback stay
 * exactly as Workbox writes them; this file only adds what Workbox has no option for.
 *
 * The hub sends JSON `{ title, body, url, tag }` (shared/schemas/push.ts). A click on the
 * notification focuses an open Hive window and sends it to `url` — the app navigates
 * in place (src/pwa/service-worker.ts) — or opens a new window there.
 */

const NAVIGATE_MESSAGE = 'hive-navigate';

self.addEventListener('push', (event) => {
  const payload = readPayload(event.data);
  event.waitUntil(
    self.registration.showNotification(payload.title, {
      body: payload.body,
      // One notification per tag: a newer one about the same thing replaces the older.
      tag: payload.tag || undefined,
      renotify: Boolean(payload.tag),
      icon: '/icons/icon-192.png',
      badge: '/icons/icon-192.png',
      data: { url: payload.url },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = sameOriginUrl(event.notification.data && event.notification.data.url);
  event.waitUntil(openOrFocus(target));
});

/** The browser replaced the subscription (expiry, key rotation): register the new one. */
self.addEventListener('pushsubscriptionchange', (event) => {
  event.waitUntil(resubscribe(event.oldSubscription, event.newSubscription));
});

function readPayload(data) {
  const fallback = { title: 'Hive', body: '', url: '/', tag: '' };
  if (!data) return fallback;
  try {
    const json = data.json();
    return {
      title: typeof json.title === 'string' && json.title ? json.title : fallback.title,
      body: typeof json.body === 'string' ? json.body : '',
      url: typeof json.url === 'string' ? json.url : '/',
      tag: typeof json.tag === 'string' ? json.tag : '',
    };
  } catch {
    return { ...fallback, body: data.text() };
  }
}

/** Only paths of this app are opened; anything else falls back to the overview. */
function sameOriginUrl(url) {
  try {
    const parsed = new URL(url || '/', self.location.origin);
    return parsed.origin === self.location.origin ? parsed.href : new URL('/', self.location.origin).href;
  } catch {
    return new URL('/', self.location.origin).href;
  }
}

async function openOrFocus(url) {
  const windows = await clients.matchAll({ type: 'window', includeUncontrolled: true });
  const exact = windows.find((client) => client.url === url);
  if (exact) return exact.focus();
  const open = windows[0];
  if (open) {
    const focused = await open.focus();
    focused.postMessage({ type: NAVIGATE_MESSAGE, url });
    return focused;
  }
  return clients.openWindow(url);
}

async function resubscribe(oldSubscription, newSubscription) {
  let subscription = newSubscription;
  if (!subscription && oldSubscription) {
    subscription = await self.registration.pushManager.subscribe(oldSubscription.options);
  }
  if (!subscription) return;
  const headers = { 'content-type': 'application/json', accept: 'application/json' };
  // The session cookie goes along: the hub files the new subscription under the same user.
  await fetch('/api/v1/push/subscriptions', {
    method: 'POST',
    headers,
    credentials: 'same-origin',
    body: JSON.stringify(subscription.toJSON()),
  });
  if (oldSubscription && oldSubscription.endpoint !== subscription.endpoint) {
    await fetch('/api/v1/push/subscriptions', {
      method: 'DELETE',
      headers,
      credentials: 'same-origin',
      body: JSON.stringify({ endpoint: oldSubscription.endpoint }),
    });
  }
}
