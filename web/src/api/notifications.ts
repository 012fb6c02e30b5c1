import { apiRequest } from './client.js';
import type { NotificationPreferences, PushSubscriptionInput, UpdateNotificationPreferences } from './types.js';

/** Which kinds of push notification the signed-in user wants (on every device). */
export function fetchNotificationPreferences(signal?: AbortSignal): Promise<NotificationPreferences> {
  return apiRequest<NotificationPreferences>('/notifications/preferences', { signal });
}

export function saveNotificationPreferences(changes: UpdateNotificationPreferences): Promise<NotificationPreferences> {
  return apiRequest<NotificationPreferences>('/notifications/preferences', { method: 'PUT', body: changes });
}

/** The hub's VAPID public key (base64url), the `applicationServerKey` of a subscription. */
export async function fetchVapidPublicKey(signal?: AbortSignal): Promise<string> {
  return (await apiRequest<{ publicKey: string }>('/push/vapid-public-key', { signal })).publicKey;
}

export function registerPushSubscription(subscription: PushSubscriptionInput): Promise<unknown> {
  return apiRequest('/push/subscriptions', { method: 'POST', body: subscription });
}

export function unregisterPushSubscription(endpoint: string): Promise<unknown> {
  return apiRequest('/push/subscriptions', { method: 'DELETE', body: { endpoint } });
}
