import { z } from 'zod';
import {
  NotificationPreferences,
  Ok,
  PushSubscriptionInput,
  PushUnsubscribeInput,
  UpdateNotificationPreferences,
} from '../../../../shared/index.js';
import { AppError } from '../../errors.js';
import { access, createRoute, errors, jsonBody, jsonResponse, newRouter } from '../../http/route.js';

const tags = ['notifications'];

const vapidKey = createRoute({
  method: 'get', path: '/push/vapid-public-key', ...access('authenticated', 'The VAPID public key for PushManager.subscribe', tags),
  responses: { 200: jsonResponse(z.object({ publicKey: z.string() }), 'The key (base64url)'), ...errors },
});
const subscribe = createRoute({
  method: 'post', path: '/push/subscriptions', ...access('authenticated', 'Register this device for push notifications', tags),
  request: { body: jsonBody(PushSubscriptionInput) },
  responses: { 201: jsonResponse(Ok, 'Registered'), ...errors },
});
const unsubscribe = createRoute({
  method: 'delete', path: '/push/subscriptions', ...access('authenticated', 'Stop push notifications to this device', tags),
  request: { body: jsonBody(PushUnsubscribeInput) },
  responses: { 200: jsonResponse(Ok, 'Removed'), ...errors },
});
const getPrefs = createRoute({
  method: 'get', path: '/notifications/preferences', ...access('authenticated', 'Which notifications you receive', tags),
  responses: { 200: jsonResponse(NotificationPreferences, 'Your preferences'), ...errors },
});
const putPrefs = createRoute({
  method: 'put', path: '/notifications/preferences', ...access('authenticated', 'Change which notifications you receive', tags),
  request: { body: jsonBody(UpdateNotificationPreferences) },
  responses: { 200: jsonResponse(NotificationPreferences, 'Your preferences'), ...errors },
});

export const pushRouter = newRouter()
  .openapi(vapidKey, async (c) => {
    const notifier = c.var.services.notifier;
    if (!notifier) throw new AppError('UNAVAILABLE', 'Push notifications are not configured in this process');
    return c.json({ publicKey: notifier.publicKey }, 200);
  })
  .openapi(subscribe, async (c) => {
    const { endpoint, keys } = c.req.valid('json');
    await c.var.services.store.push.subscribe({ endpoint, userId: c.var.principal!.user.id, p256dh: keys.p256dh, auth: keys.auth });
    return c.json({ ok: true as const }, 201);
  })
  .openapi(unsubscribe, async (c) => {
    const { endpoint } = c.req.valid('json');
    if (!(await c.var.services.store.push.unsubscribe(endpoint, c.var.principal!.user.id))) {
      throw AppError.field('endpoint', 'is not one of your subscriptions');
    }
    return c.json({ ok: true as const }, 200);
  })
  .openapi(getPrefs, async (c) => c.json(await c.var.services.store.push.preferences(c.var.principal!.user.id), 200))
  .openapi(putPrefs, async (c) => {
    const userId = c.var.principal!.user.id;
    const current = await c.var.services.store.push.preferences(userId);
    return c.json(await c.var.services.store.push.setPreferences(userId, { ...current, ...c.req.valid('json') }), 200);
  });
