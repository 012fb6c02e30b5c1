import type { PushPayload } from '../../../shared/index.js';

export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** The Notifier port (DESIGN §2): deliver a notification to one device subscription. */
export interface Notifier {
  readonly publicKey: string;
  /** 'gone' when the push service says the subscription no longer exists (delete it). */
  send(target: PushTarget, payload: PushPayload): Promise<'sent' | 'gone'>;
}
