/**
 * The production Broker (DESIGN §2) on Redis through ioredis, selected by REDIS_URL: streams
 * and consumer groups for dispatch, pub/sub for events, keys for heartbeats, locks and rate
 * limits. Needs Redis 6.2 or newer (XAUTOCLAIM); 7 or newer reports backlog without a scan.
 *
 * Connections: one for commands, one for subscriptions (a subscribed connection can do
 * nothing else) and one per blocking read in flight. All of them reconnect by themselves; see
 * redis-connection.ts for how each behaves while Redis is away.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Redis } from 'ioredis';
import type { Broker, Lock, RateLimitResult, ReadOptions, StreamEntry, Unsubscribe } from './port.js';
import { BrokerClosedError, reportToConsole, type BrokerErrorReporter } from './errors.js';
import { lockKey, rateLimitKey } from './conventions.js';
import { BlockingConnectionPool } from './redis-blocking-pool.js';
import { closeConnection, openConnection } from './redis-connection.js';
import { RedisSubscriptions } from './redis-pubsub.js';
import { extendLockScript, rateLimitScript, releaseLockScript } from './redis-scripts.js';
import { RedisStreams } from './redis-streams.js';
import { withTimeout } from '../with-timeout.js';

export interface RedisBrokerOptions {
  url: string;
  /** Prepended to every key, stream and channel, so several Hives (or test runs) can share a Redis. */
  prefix?: string;
  /** Where connection losses and throwing subscribers are reported; defaults to console.error. */
  onError?: BrokerErrorReporter;
}

/** A health check must answer promptly; a PING waiting out a reconnect counts as unreachable. */
const PING_TIMEOUT_MS = 2000;

export class RedisBroker implements Broker {
  readonly name = 'redis' as const;
  private readonly prefix: string;
  private readonly commands: Redis;
  private readonly blockingConnections: BlockingConnectionPool;
  private readonly subscriptions: RedisSubscriptions;
  private readonly streams: RedisStreams;
  private readonly closing = new AbortController();
  private closed: Promise<void> | null = null;

  constructor(options: RedisBrokerOptions) {
    const reportError = options.onError ?? reportToConsole;
    this.prefix = options.prefix ?? '';
    this.commands = openConnection(options.url, 'commands', reportError);
    this.blockingConnections = new BlockingConnectionPool(() => openConnection(options.url, 'blocking reads', reportError));
    this.subscriptions = new RedisSubscriptions(() => openConnection(options.url, 'subscriber', reportError), reportError);
    this.streams = new RedisStreams(this.commands, this.blockingConnections, this.closing.signal);
  }

  // ---- Streams ----
  async enqueue(stream: string, fields: Record<string, string>): Promise<string> {
    this.assertOpen();
    return this.streams.enqueue(this.key(stream), fields);
  }

  async ensureGroup(stream: string, group: string): Promise<void> {
    this.assertOpen();
    await this.streams.ensureGroup(this.key(stream), group);
  }

  async read(stream: string, group: string, consumer: string, options: ReadOptions): Promise<StreamEntry[]> {
    this.assertOpen();
    return this.streams.read(this.key(stream), group, consumer, options);
  }

  async ack(stream: string, group: string, ids: string[]): Promise<number> {
    this.assertOpen();
    return this.streams.ack(this.key(stream), group, ids);
  }

  async claimStale(stream: string, group: string, consumer: string, minIdleMs: number, count: number): Promise<StreamEntry[]> {
    this.assertOpen();
    return this.streams.claimStale(this.key(stream), group, consumer, minIdleMs, count);
  }

  async backlog(stream: string, group: string): Promise<number> {
    this.assertOpen();
    return this.streams.backlog(this.key(stream), group);
  }

  // ---- Pub/sub ----
  async publish(channel: string, message: string): Promise<void> {
    this.assertOpen();
    await this.commands.publish(this.key(channel), message);
  }

  async subscribe(channel: string, handler: (message: string) => void): Promise<Unsubscribe> {
    this.assertOpen();
    return this.subscriptions.subscribe(this.key(channel), handler);
  }

  // ---- Keys ----
  async setWithTtl(key: string, value: string, ttlMs: number): Promise<void> {
    this.assertOpen();
    await this.commands.set(this.key(key), value, 'PX', ttlMs);
  }

  async get(key: string): Promise<string | null> {
    this.assertOpen();
    return this.commands.get(this.key(key));
  }

  async delete(key: string): Promise<void> {
    this.assertOpen();
    await this.commands.del(this.key(key));
  }

  // ---- Locks ----
  async tryLock(name: string, ttlMs: number): Promise<Lock | null> {
    this.assertOpen();
    const key = this.key(lockKey(name));
    const token = randomUUID();
    const acquired = await this.commands.set(key, token, 'PX', ttlMs, 'NX');
    if (acquired !== 'OK') return null;
    // Both scripts compare the token, so a holder whose lock expired and was taken over by
    // someone else can neither release nor extend the new holder's lock.
    return {
      name,
      release: async () => {
        this.assertOpen();
        return Number(await releaseLockScript.run(this.commands, [key], [token])) === 1;
      },
      extend: async (extendMs: number) => {
        this.assertOpen();
        return Number(await extendLockScript.run(this.commands, [key], [token, extendMs])) === 1;
      },
    };
  }

  // ---- Rate limits ----
  async hit(key: string, limit: number, windowMs: number): Promise<RateLimitResult> {
    this.assertOpen();
    const reply = await rateLimitScript.run(this.commands, [this.key(rateLimitKey(key))], [limit, windowMs, randomUUID()]);
    const [allowed, remaining, retryAfterMs] = (reply as unknown[]).map(Number);
    return { allowed: allowed === 1, remaining: remaining ?? 0, retryAfterMs: retryAfterMs ?? 0 };
  }

  async ping(): Promise<number> {
    this.assertOpen();
    const { status } = this.commands;
    if (status === 'reconnecting' || status === 'close' || status === 'end') {
      throw new Error(`Redis is unreachable (connection ${status})`);
    }
    const started = performance.now();
    await withTimeout(this.commands.ping(), PING_TIMEOUT_MS, `Redis did not answer PING within ${PING_TIMEOUT_MS} ms`);
    return performance.now() - started;
  }

  close(): Promise<void> {
    this.closed ??= this.shutDown();
    return this.closed;
  }

  private async shutDown(): Promise<void> {
    // Abort first: blocked reads then see the dropped connection as the close, not an outage.
    this.closing.abort();
    this.blockingConnections.close();
    await Promise.all([closeConnection(this.commands), this.subscriptions.close()]);
  }

  private key(name: string): string {
    return this.prefix + name;
  }

  private assertOpen(): void {
    if (this.closed) throw new BrokerClosedError();
  }
}
