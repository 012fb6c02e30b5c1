/**
 * Pub/sub for the Redis adapter. A connection that has subscribed can run nothing else, so
 * subscriptions live on their own connection, opened on first use. Each channel is subscribed
 * once in Redis however many handlers listen, and unsubscribed when the last one leaves.
 * After a reconnect ioredis subscribes the same channels again by itself (autoResubscribe);
 * messages published while the connection was down are lost, as Redis pub/sub always allows.
 */
import type { Redis } from 'ioredis';
import type { Unsubscribe } from './port.js';
import type { BrokerErrorReporter } from './errors.js';
import { closeConnection } from './redis-connection.js';
import { deliverToHandler, type Subscription } from './subscription.js';

interface ChannelListeners {
  subscriptions: Set<Subscription>;
  /** Settles when Redis has confirmed the SUBSCRIBE. */
  subscribed: Promise<unknown>;
}

export class RedisSubscriptions {
  private readonly channels = new Map<string, ChannelListeners>();
  private connection: Redis | null = null;
  private closed = false;

  constructor(
    private readonly openConnection: () => Redis,
    private readonly reportError: BrokerErrorReporter,
  ) {}

  async subscribe(channel: string, handler: (message: string) => void): Promise<Unsubscribe> {
    const connection = this.subscriberConnection();
    let listeners = this.channels.get(channel);
    if (!listeners) {
      listeners = { subscriptions: new Set(), subscribed: connection.subscribe(channel) };
      this.channels.set(channel, listeners);
    }
    const subscription: Subscription = { handler, active: true };
    listeners.subscriptions.add(subscription);
    const unsubscribe = this.unsubscriber(channel, listeners, subscription);
    try {
      await listeners.subscribed;
    } catch (error) {
      await unsubscribe();
      throw error;
    }
    return unsubscribe;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const listeners of this.channels.values()) {
      for (const subscription of listeners.subscriptions) subscription.active = false;
    }
    this.channels.clear();
    if (this.connection) await closeConnection(this.connection);
  }

  private unsubscriber(channel: string, listeners: ChannelListeners, subscription: Subscription): Unsubscribe {
    return async () => {
      if (!subscription.active) return;
      subscription.active = false;
      listeners.subscriptions.delete(subscription);
      if (listeners.subscriptions.size > 0 || this.channels.get(channel) !== listeners) return;
      this.channels.delete(channel);
      if (!this.closed) await this.connection?.unsubscribe(channel);
    };
  }

  private subscriberConnection(): Redis {
    if (this.connection) return this.connection;
    const connection = this.openConnection();
    connection.on('message', (channel: string, message: string) => {
      const listeners = this.channels.get(channel);
      if (!listeners) return;
      for (const subscription of [...listeners.subscriptions]) {
        if (subscription.active) deliverToHandler(subscription, message, channel, this.reportError);
      }
    });
    this.connection = connection;
    return connection;
  }
}
