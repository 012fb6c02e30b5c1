/**
 * One conformance suite, run against both Broker adapters: in-process, and Redis with a unique
 * key prefix for this run (removed afterwards).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REDIS_URL, redisReachable, requireService } from '../../../test-support/services.js';
import { MemoryBroker } from '../memory.js';
import type { Broker, StreamEntry, Unsubscribe } from '../port.js';
import { RedisBroker } from '../redis.js';

const redisUp = await requireService('redis-server', redisReachable(), 'start redis-server');
const redisPrefix = `test:${crypto.randomUUID()}:`;

const adapters: Array<{ kind: Broker['name']; create: () => Broker }> = [
  { kind: 'memory', create: () => new MemoryBroker({ prefix: 'test:' }) },
  ...(redisUp ? [{ kind: 'redis' as const, create: () => new RedisBroker({ url: REDIS_URL, prefix: redisPrefix }) }] : []),
];

afterAll(async () => {
  if (!redisUp) return;
  const redis = new Redis(REDIS_URL);
  for await (const keys of redis.scanStream({ match: `${redisPrefix}*`, count: 500 })) {
    if ((keys as string[]).length > 0) await redis.del(...(keys as string[]));
  }
  await redis.quit();
});

/** A fresh name per test, so tests never see each other's streams, keys or channels. */
const unique = (what: string) => `${what}:${crypto.randomUUID()}`;

/** Resolves with what each handler received, and lets a test wait for a count. */
function collector() {
  const received: string[] = [];
  return {
    received,
    handler: (message: string) => received.push(message),
    until: (count: number) => vi.waitFor(() => expect(received.length).toBeGreaterThanOrEqual(count), { timeout: 5000, interval: 10 }),
  };
}

describe.each(adapters)('Broker conformance: $kind', ({ kind, create }) => {
  let broker: Broker;
  beforeEach(() => {
    broker = create();
  });
  afterEach(async () => {
    await broker.close();
  });

  it('names itself', () => {
    expect(broker.name).toBe(kind);
  });

  describe('streams', () => {
    it('round-trips an entry: enqueue, read once, ack once', async () => {
      const stream = unique('queue');
      await broker.ensureGroup(stream, 'dispatch');
      const id = await broker.enqueue(stream, { taskId: 't1', kind: 'ready' });
      expect(id).toMatch(/^\d+-\d+$/);

      const entries = await broker.read(stream, 'dispatch', 'hub-1', { count: 10, blockMs: 0 });
      expect(entries).toEqual([{ id, fields: { taskId: 't1', kind: 'ready' }, deliveries: 1 }]);
      expect(await broker.read(stream, 'dispatch', 'hub-1', { count: 10, blockMs: 0 })).toEqual([]);

      expect(await broker.ack(stream, 'dispatch', [id])).toBe(1);
      expect(await broker.ack(stream, 'dispatch', [id])).toBe(0);
      expect(await broker.backlog(stream, 'dispatch')).toBe(0);
    });

    it('starts a group at the beginning of the stream, in id order, and ensureGroup is idempotent', async () => {
      const stream = unique('queue');
      const first = await broker.enqueue(stream, { n: '1' });
      const second = await broker.enqueue(stream, { n: '2' });
      await broker.ensureGroup(stream, 'dispatch');
      const read = await broker.read(stream, 'dispatch', 'hub-1', { count: 1, blockMs: 0 });
      expect(read.map((e) => e.id)).toEqual([first]);
      // A second ensureGroup must not rewind the group.
      await broker.ensureGroup(stream, 'dispatch');
      const rest = await broker.read(stream, 'dispatch', 'hub-1', { count: 10, blockMs: 0 });
      expect(rest.map((e) => e.id)).toEqual([second]);
    });

    it('refuses to read from a group that was never created, and to enqueue an empty entry', async () => {
      const stream = unique('queue');
      await broker.enqueue(stream, { n: '1' });
      await expect(broker.read(stream, 'nobody', 'hub-1', { count: 1, blockMs: 0 })).rejects.toThrow(/NOGROUP/);
      await expect(broker.read(stream, 'nobody', 'hub-1', { count: 1, blockMs: 50 })).rejects.toThrow(/NOGROUP/);
      await expect(broker.enqueue(stream, {})).rejects.toThrow(/wrong number of arguments/);
    });

    it('never gives the same entry to two consumers of one group', async () => {
      const stream = unique('queue');
      await broker.ensureGroup(stream, 'dispatch');
      const ids = new Set<string>();
      for (let i = 0; i < 30; i++) ids.add(await broker.enqueue(stream, { n: String(i) }));

      const drain = async (consumer: string) => {
        const got: string[] = [];
        for (;;) {
          const entries = await broker.read(stream, 'dispatch', consumer, { count: 4, blockMs: 0 });
          if (entries.length === 0) return got;
          got.push(...entries.map((e) => e.id));
        }
      };
      const [a, b] = await Promise.all([drain('hub-a'), drain('hub-b')]);
      expect(a.length).toBeGreaterThan(0);
      expect(b.length).toBeGreaterThan(0);
      expect(a.filter((id) => b.includes(id))).toEqual([]);
      expect(new Set([...a, ...b])).toEqual(ids);
    });

    it('hands one new entry to only one of two blocked consumers', async () => {
      const stream = unique('queue');
      await broker.ensureGroup(stream, 'dispatch');
      const readAs = (consumer: string) =>
        broker.read(stream, 'dispatch', consumer, { count: 10, blockMs: 10_000 }).then((entries) => ({ consumer, entries }));
      const blocked = [readAs('hub-a'), readAs('hub-b')] as const;
      // Let both reads reach the server and block there.
      await sleep(150);
      const first = await broker.enqueue(stream, { n: '1' });
      const winner = await Promise.race(blocked);
      expect(winner.entries.map((e) => e.id)).toEqual([first]);

      const second = await broker.enqueue(stream, { n: '2' });
      const [a, b] = await Promise.all(blocked);
      const other = winner.consumer === a.consumer ? b : a;
      expect(other.entries.map((e) => e.id)).toEqual([second]);
    });

    it('re-delivers an unacked entry through claimStale after minIdle, not before, counting deliveries', async () => {
      const stream = unique('queue');
      const minIdleMs = 400;
      await broker.ensureGroup(stream, 'dispatch');
      const id = await broker.enqueue(stream, { taskId: 't1' });
      await broker.read(stream, 'dispatch', 'crashed-hub', { count: 1, blockMs: 0 });
      const deliveredAt = Date.now();

      expect(await broker.claimStale(stream, 'dispatch', 'sweeper', minIdleMs, 10)).toEqual([]);

      let claimed: StreamEntry[] = [];
      await vi.waitFor(
        async () => {
          claimed = await broker.claimStale(stream, 'dispatch', 'sweeper', minIdleMs, 10);
          expect(claimed).toHaveLength(1);
        },
        { timeout: 5000, interval: 25 },
      );
      // Measured from after the read returned, so a little under minIdle is still "not before".
      expect(Date.now() - deliveredAt).toBeGreaterThanOrEqual(minIdleMs - 50);
      expect(claimed).toEqual([{ id, fields: { taskId: 't1' }, deliveries: 2 }]);

      // The claim restarted the idle clock; taken over again it counts a third delivery.
      expect(await broker.claimStale(stream, 'dispatch', 'other', minIdleMs, 10)).toEqual([]);
      const again = await broker.claimStale(stream, 'dispatch', 'other', 0, 10);
      expect(again.map((e) => e.deliveries)).toEqual([3]);

      expect(await broker.ack(stream, 'dispatch', [id])).toBe(1);
      expect(await broker.claimStale(stream, 'dispatch', 'sweeper', 0, 10)).toEqual([]);
    });

    it('claims at most count entries, oldest first', async () => {
      const stream = unique('queue');
      await broker.ensureGroup(stream, 'dispatch');
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push(await broker.enqueue(stream, { n: String(i) }));
      await broker.read(stream, 'dispatch', 'hub-1', { count: 5, blockMs: 0 });
      const claimed = await broker.claimStale(stream, 'dispatch', 'hub-2', 0, 3);
      expect(claimed.map((e) => e.id)).toEqual(ids.slice(0, 3));
      expect(claimed.map((e) => e.deliveries)).toEqual([2, 2, 2]);
    });

    it('wakes a blocked read as soon as an entry is enqueued', async () => {
      const stream = unique('queue');
      await broker.ensureGroup(stream, 'dispatch');
      let settled = false;
      const reading = broker.read(stream, 'dispatch', 'hub-1', { count: 10, blockMs: 8000 }).finally(() => {
        settled = true;
      });
      await sleep(150);
      expect(settled).toBe(false);

      const enqueuedAt = Date.now();
      const id = await broker.enqueue(stream, { taskId: 't1' });
      const entries = await reading;
      expect(entries.map((e) => e.id)).toEqual([id]);
      expect(Date.now() - enqueuedAt).toBeLessThan(1500);
    });

    it('ends a blocked read empty when blockMs passes with nothing new', async () => {
      const stream = unique('queue');
      await broker.ensureGroup(stream, 'dispatch');
      const started = Date.now();
      expect(await broker.read(stream, 'dispatch', 'hub-1', { count: 10, blockMs: 250 })).toEqual([]);
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(200);
      expect(elapsed).toBeLessThan(3000);
    });

    it('counts backlog as pending plus not yet delivered', async () => {
      const stream = unique('queue');
      expect(await broker.backlog(stream, 'dispatch')).toBe(0);
      for (let i = 0; i < 3; i++) await broker.enqueue(stream, { n: String(i) });
      // No group yet: everything is waiting for it.
      expect(await broker.backlog(stream, 'dispatch')).toBe(3);

      await broker.ensureGroup(stream, 'dispatch');
      for (let i = 3; i < 5; i++) await broker.enqueue(stream, { n: String(i) });
      expect(await broker.backlog(stream, 'dispatch')).toBe(5);

      const firstTwo = await broker.read(stream, 'dispatch', 'hub-1', { count: 2, blockMs: 0 });
      expect(await broker.backlog(stream, 'dispatch')).toBe(5);
      await broker.ack(stream, 'dispatch', [firstTwo[0]!.id]);
      expect(await broker.backlog(stream, 'dispatch')).toBe(4);

      const rest = await broker.read(stream, 'dispatch', 'hub-1', { count: 10, blockMs: 0 });
      expect(rest).toHaveLength(3);
      expect(await broker.backlog(stream, 'dispatch')).toBe(4);
      await broker.ack(stream, 'dispatch', [firstTwo[1]!.id, ...rest.map((e) => e.id)]);
      expect(await broker.backlog(stream, 'dispatch')).toBe(0);
    });
  });

  describe('pub/sub', () => {
    it('delivers to every subscriber of a channel, later and not inside publish', async () => {
      const channel = unique('system_events');
      const one = collector();
      const two = collector();
      const elsewhere = collector();
      await broker.subscribe(channel, one.handler);
      await broker.subscribe(channel, two.handler);
      await broker.subscribe(unique('task_updates'), elsewhere.handler);

      const publishing = broker.publish(channel, 'e1');
      expect(one.received).toEqual([]);
      await publishing;
      await broker.publish(channel, 'e2');
      await one.until(2);
      await two.until(2);
      expect(one.received).toEqual(['e1', 'e2']);
      expect(two.received).toEqual(['e1', 'e2']);
      expect(elsewhere.received).toEqual([]);
    });

    it('delivers nothing after unsubscribe, and unsubscribing removes only that subscription', async () => {
      const channel = unique('agent_events');
      const marker = unique('marker');
      const leaving = collector();
      const staying = collector();
      const markers = collector();
      const unsubscribeLeaving = await broker.subscribe(channel, leaving.handler);
      const unsubscribeStaying = await broker.subscribe(channel, staying.handler);
      await broker.subscribe(marker, markers.handler);

      await broker.publish(channel, 'before');
      await leaving.until(1);
      await unsubscribeLeaving();
      await unsubscribeLeaving();

      // Delivery is in publish order, so once `staying` has 'after', `leaving` would have too.
      await broker.publish(channel, 'after');
      await staying.until(2);
      expect(leaving.received).toEqual(['before']);

      // Unsubscribing while a message is on its way: the handler no longer gets it.
      const publishing = broker.publish(channel, 'in flight');
      await Promise.all([publishing, unsubscribeStaying()]);
      await broker.publish(channel, 'nobody listens');
      await broker.publish(marker, 'sent after the last message');
      await markers.until(1);
      expect(staying.received).toEqual(['before', 'after']);
      expect(leaving.received).toEqual(['before']);
    });

    it('does not deliver to a subscription that an earlier handler of the same message unsubscribed', async () => {
      const channel = unique('agent_messages');
      const second = collector();
      const third = collector();
      let unsubscribeSecond: Unsubscribe = async () => {};
      await broker.subscribe(channel, () => void unsubscribeSecond());
      unsubscribeSecond = await broker.subscribe(channel, second.handler);
      await broker.subscribe(channel, third.handler);
      await broker.publish(channel, 'm1');
      await third.until(1);
      expect(second.received).toEqual([]);
    });

    it('keeps delivering to the others when a handler throws', async () => {
      const errors: unknown[] = [];
      const reporting = kind === 'memory'
        ? new MemoryBroker({ onError: (error) => errors.push(error) })
        : new RedisBroker({ url: REDIS_URL, prefix: redisPrefix, onError: (error) => errors.push(error) });
      try {
        const channel = unique('agent_messages');
        const healthy = collector();
        await reporting.subscribe(channel, () => {
          throw new Error('handler bug');
        });
        await reporting.subscribe(channel, healthy.handler);
        await reporting.publish(channel, 'm1');
        await healthy.until(1);
        expect(errors).toEqual([expect.objectContaining({ message: 'handler bug' })]);
      } finally {
        await reporting.close();
      }
    });
  });

  describe('keys', () => {
    it('expires a key after its TTL, not before', async () => {
      const key = unique('heartbeat:agent');
      const ttlMs = 300;
      await broker.setWithTtl(key, 'alive', ttlMs);
      const setAt = Date.now();
      expect(await broker.get(key)).toBe('alive');
      await vi.waitFor(async () => expect(await broker.get(key)).toBeNull(), { timeout: 5000, interval: 20 });
      expect(Date.now() - setAt).toBeGreaterThanOrEqual(ttlMs - 50);
    });

    it('overwrites, reads missing keys as null, and deletes', async () => {
      const key = unique('heartbeat:agent');
      expect(await broker.get(key)).toBeNull();
      await broker.setWithTtl(key, 'one', 60_000);
      await broker.setWithTtl(key, 'two', 60_000);
      expect(await broker.get(key)).toBe('two');
      await broker.delete(key);
      expect(await broker.get(key)).toBeNull();
      await broker.delete(key);
    });
  });

  describe('locks', () => {
    it('cannot be taken twice, and can be taken again once released', async () => {
      const name = unique('sweeper');
      const lock = await broker.tryLock(name, 60_000);
      expect(lock?.name).toBe(name);
      expect(await broker.tryLock(name, 60_000)).toBeNull();
      expect(await lock!.release()).toBe(true);
      expect(await lock!.release()).toBe(false);
      const next = await broker.tryLock(name, 60_000);
      expect(next).not.toBeNull();
      await next!.release();
    });

    it('a stale holder can neither release nor extend the lock of whoever took it over', async () => {
      const name = unique('sweeper');
      const stale = await broker.tryLock(name, 150);
      expect(stale).not.toBeNull();
      await vi.waitFor(async () => expect(await broker.get(`locks:${name}`)).toBeNull(), { timeout: 5000, interval: 20 });
      const current = await broker.tryLock(name, 60_000);
      expect(current).not.toBeNull();

      expect(await stale!.release()).toBe(false);
      expect(await stale!.extend(60_000)).toBe(false);
      expect(await broker.tryLock(name, 60_000)).toBeNull();
      expect(await current!.release()).toBe(true);
    });

    it('extends a held lock past its first TTL', async () => {
      const name = unique('leader');
      const lock = await broker.tryLock(name, 200);
      expect(await lock!.extend(60_000)).toBe(true);
      // Only the passage of time can show the first TTL no longer applies.
      await sleep(400);
      expect(await broker.tryLock(name, 60_000)).toBeNull();
      expect(await lock!.release()).toBe(true);
    });
  });

  describe('rate limits', () => {
    it('allows `limit` hits in the window, refuses the next with a retry time, and frees after the window', async () => {
      const key = unique('agent');
      const windowMs = 800;
      const first = await broker.hit(key, 3, windowMs);
      // The later hits come well after the first, so the window is seen to slide hit by hit.
      await sleep(250);
      const rest = [];
      for (let i = 0; i < 3; i++) rest.push(await broker.hit(key, 3, windowMs));
      const results = [first, ...rest];
      expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
      expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0]);
      const refused = results[3]!;
      // Until the first hit leaves the window, not a whole window from now.
      expect(refused.retryAfterMs).toBeGreaterThan(0);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(windowMs - 200);

      // Another key has its own window.
      expect((await broker.hit(unique('agent'), 3, windowMs)).allowed).toBe(true);

      // Once the first hit has slid out, exactly one slot is free again: the refused hit did
      // not count, and the second and third still do.
      await sleep(refused.retryAfterMs + 30);
      expect(await broker.hit(key, 3, windowMs)).toMatchObject({ allowed: true, remaining: 0 });
      expect((await broker.hit(key, 3, windowMs)).allowed).toBe(false);
    });
  });

  describe('lifecycle', () => {
    it('answers ping with a round-trip time', async () => {
      const ms = await broker.ping();
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThan(2000);
    });

    it('closes twice without error, ending a blocked read empty and refusing further work, reads included', async () => {
      const stream = unique('queue');
      await broker.ensureGroup(stream, 'dispatch');
      const lock = await broker.tryLock(unique('leader'), 60_000);
      const unsubscribe = await broker.subscribe(unique('system_events'), () => {});
      const reading = broker.read(stream, 'dispatch', 'hub-1', { count: 10, blockMs: 20_000 });
      await sleep(150);
      const closedAt = Date.now();
      await Promise.all([broker.close(), broker.close()]);
      await broker.close();
      expect(await reading).toEqual([]);
      expect(Date.now() - closedAt).toBeLessThan(2000);
      // A read loop that missed the close must end, not spin on empty reads.
      await expect(broker.read(stream, 'dispatch', 'hub-1', { count: 10, blockMs: 1000 })).rejects.toThrow(/closed/);
      await expect(broker.enqueue(stream, { n: '1' })).rejects.toThrow(/closed/);
      await expect(broker.ping()).rejects.toThrow(/closed/);
      await expect(lock!.release()).rejects.toThrow(/closed/);
      await unsubscribe();
    });
  });
});
