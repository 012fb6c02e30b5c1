/**
 * The embedded Broker (DESIGN §2): everything in this process, for a single hub with no
 * REDIS_URL. It keeps Redis's semantics (see port.ts) so that code tested against it behaves
 * the same on Redis; state is lost when the process exits, which the design allows because
 * Postgres is the truth and the broker only the transport.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Broker, Lock, RateLimitResult, ReadOptions, StreamEntry, Unsubscribe } from './port.js';
import { BrokerClosedError, reportToConsole, wrongTypeError, type BrokerErrorReporter } from './errors.js';
import { lockKey, rateLimitKey } from './conventions.js';
import { MemoryKeyspace } from './memory-keyspace.js';
import { MemoryPubSub } from './memory-pubsub.js';
import { MemoryStreams } from './memory-streams.js';

export interface MemoryBrokerOptions {
  /** Prepended to every name, as the Redis adapter does; only visible when debugging. */
  prefix?: string;
  /** Where a subscriber's thrown error goes; defaults to console.error. */
  onError?: BrokerErrorReporter;
}

export class MemoryBroker implements Broker {
  readonly name = 'memory' as const;
  private readonly prefix: string;
  private readonly streams = new MemoryStreams();
  private readonly pubsub: MemoryPubSub;
  private readonly keyspace = new MemoryKeyspace();
  private closed = false;

  constructor(options: MemoryBrokerOptions = {}) {
    this.prefix = options.prefix ?? '';
    this.pubsub = new MemoryPubSub(options.onError ?? reportToConsole);
  }

  // ---- Streams ----
  async enqueue(stream: string, fields: Record<string, string>): Promise<string> {
    return this.streams.enqueue(this.key(stream), fields);
  }

  async ensureGroup(stream: string, group: string): Promise<void> {
    this.streams.ensureGroup(this.key(stream), group);
  }

  read(stream: string, group: string, consumer: string, options: ReadOptions): Promise<StreamEntry[]> {
    return this.streams.read(this.key(stream), group, consumer, options);
  }

  async ack(stream: string, group: string, ids: string[]): Promise<number> {
    return this.streams.ack(this.key(stream), group, ids);
  }

  async claimStale(stream: string, group: string, consumer: string, minIdleMs: number, count: number): Promise<StreamEntry[]> {
    return this.streams.claimStale(this.key(stream), group, consumer, minIdleMs, count);
  }

  async backlog(stream: string, group: string): Promise<number> {
    return this.streams.backlog(this.key(stream), group);
  }

  // ---- Pub/sub ----
  async publish(channel: string, message: string): Promise<void> {
    this.assertOpen();
    this.pubsub.publish(this.key(channel), message);
  }

  async subscribe(channel: string, handler: (message: string) => void): Promise<Unsubscribe> {
    this.assertOpen();
    return this.pubsub.subscribe(this.key(channel), handler);
  }

  // ---- Keys ----
  async setWithTtl(key: string, value: string, ttlMs: number): Promise<void> {
    this.assertOpen();
    this.keyspace.write(this.key(key), { kind: 'string', value }, ttlMs);
  }

  async get(key: string): Promise<string | null> {
    this.assertOpen();
    return this.keyspace.readString(this.key(key));
  }

  async delete(key: string): Promise<void> {
    this.assertOpen();
    this.keyspace.delete(this.key(key));
  }

  // ---- Locks ----
  async tryLock(name: string, ttlMs: number): Promise<Lock | null> {
    this.assertOpen();
    const key = this.key(lockKey(name));
    const token = randomUUID();
    if (!this.keyspace.writeIfAbsent(key, { kind: 'string', value: token }, ttlMs)) return null;
    // Both checks compare the token, so a holder whose lock expired and was taken over by
    // someone else can neither release nor extend the new holder's lock.
    const heldByUs = () => {
      this.assertOpen();
      return this.keyspace.readString(key) === token;
    };
    return {
      name,
      release: async () => heldByUs() && this.keyspace.delete(key),
      extend: async (extendMs: number) => heldByUs() && this.keyspace.expire(key, extendMs),
    };
  }

  // ---- Rate limits ----
  async hit(key: string, limit: number, windowMs: number): Promise<RateLimitResult> {
    this.assertOpen();
    const windowKey = this.key(rateLimitKey(key));
    const now = Date.now();
    const current = this.keyspace.read(windowKey);
    if (current && current.kind !== 'window') throw wrongTypeError();
    const hits = (current?.hits ?? []).filter((at) => at > now - windowMs);
    if (hits.length < limit) {
      hits.push(now);
      this.keyspace.write(windowKey, { kind: 'window', hits }, windowMs);
      return { allowed: true, remaining: limit - hits.length, retryAfterMs: 0 };
    }
    // A refused hit is not recorded, so a caller that keeps retrying is not locked out longer.
    const oldest = hits[0];
    const retryAfterMs = oldest === undefined ? windowMs : Math.max(1, oldest + windowMs - now);
    return { allowed: false, remaining: 0, retryAfterMs };
  }

  async ping(): Promise<number> {
    this.assertOpen();
    const started = performance.now();
    await Promise.resolve();
    return performance.now() - started;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.streams.close();
    this.pubsub.close();
    this.keyspace.clear();
  }

  private key(name: string): string {
    return this.prefix + name;
  }

  private assertOpen(): void {
    if (this.closed) throw new BrokerClosedError();
  }
}
