import type { Agent } from 'node:https';
import webpush from 'web-push';
import type { PushPayload } from '../../../shared/index.js';
import type { Store } from '../store/store.js';
import type { Notifier, PushTarget } from './port.js';

interface VapidKeys extends Record<string, unknown> {
  publicKey: string;
  privateKey: string;
}

/**
 * Web Push with VAPID. The key pair is generated on the first start and kept in the store,
 * so every hub (and every restart) signs with the same keys and subscriptions stay valid.
 */
export class WebPushNotifier implements Notifier {
  private constructor(
    private readonly keys: VapidKeys,
    private readonly subject: string,
    private readonly agent?: Agent,
  ) {}

  /** `agent` lets tests trust a local push service's certificate. */
  static async open(store: Store, subject: string, agent?: Agent): Promise<WebPushNotifier> {
    const keys = await store.push.settingOnce<VapidKeys>('vapid', { ...webpush.generateVAPIDKeys() });
    return new WebPushNotifier(keys, subject, agent);
  }

  get publicKey(): string {
    return this.keys.publicKey;
  }

  async send(target: PushTarget, payload: PushPayload): Promise<'sent' | 'gone'> {
    try {
      await webpush.sendNotification(
        { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
        JSON.stringify(payload),
        {
          vapidDetails: { subject: this.subject, publicKey: this.keys.publicKey, privateKey: this.keys.privateKey },
          TTL: 24 * 3600,
          urgency: 'high',
          topic: payload.tag.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 32) || undefined,
          timeout: 10_000,
          ...(this.agent && { agent: this.agent }),
        },
      );
      return 'sent';
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      if (status === 404 || status === 410) return 'gone';
      throw err;
    }
  }
}
