import { z } from 'zod';

export const PushSubscriptionInput = z
  .object({
    endpoint: z.url().max(2000),
    keys: z.object({ p256dh: z.string().min(1).max(500), auth: z.string().min(1).max(500) }).strict(),
  })
  .strict()
  .meta({ id: 'PushSubscriptionInput' });
export const PushUnsubscribeInput = z.object({ endpoint: z.url().max(2000) }).strict();

export const NotificationPreferences = z
  .object({ approvals: z.boolean(), failures: z.boolean(), budgets: z.boolean() })
  .meta({ id: 'NotificationPreferences' });
export const UpdateNotificationPreferences = NotificationPreferences.partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'at least one field is required' });

/** What a push notification carries; the service worker opens `url` when it is clicked. */
export const PushPayload = z.object({ title: z.string(), body: z.string(), url: z.string(), tag: z.string() });
export type PushPayload = z.infer<typeof PushPayload>;
