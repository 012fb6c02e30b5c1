/**
 * In-process pub/sub with Redis's timing: a message reaches the handlers subscribed when it
 * was published, later and in publish order, never inside publish() itself. Code written
 * against this adapter therefore cannot come to depend on a synchronous delivery that Redis
 * would never give it.
 */
import type { Unsubscribe } from './port.js';
import type { BrokerErrorReporter } from './errors.js';
import { deliverToHandler, type Subscription } from './subscription.js';

export class MemoryPubSub {
  private readonly channels = new Map<string, Set<Subscription>>();

  constructor(private readonly reportError: BrokerErrorReporter) {}

  publish(channel: string, message: string): void {
    const subscriptions = this.channels.get(channel);
    if (!subscriptions) return;
    const recipients = [...subscriptions];
    setImmediate(() => {
      for (const subscription of recipients) {
        // Unsubscribed in the meantime: Redis would not deliver after UNSUBSCRIBE returned either.
        if (subscription.active) deliverToHandler(subscription, message, channel, this.reportError);
      }
    });
  }

  subscribe(channel: string, handler: (message: string) => void): Unsubscribe {
    const subscription: Subscription = { handler, active: true };
    let subscriptions = this.channels.get(channel);
    if (!subscriptions) {
      subscriptions = new Set();
      this.channels.set(channel, subscriptions);
    }
    subscriptions.add(subscription);
    return async () => {
      subscription.active = false;
      subscriptions.delete(subscription);
      if (subscriptions.size === 0 && this.channels.get(channel) === subscriptions) this.channels.delete(channel);
    };
  }

  close(): void {
    for (const subscriptions of this.channels.values()) {
      for (const subscription of subscriptions) subscription.active = false;
    }
    this.channels.clear();
  }
}
