/**
 * Target heartbeats on both Broker adapters (in-process, and Redis with a unique prefix):
 * the TTL key a probe writes, down after N failed probes or once the key expired, and one
 * change notice per transition. The targets are real process runtime drivers; a closed
 * driver is a target that cannot be reached.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REDIS_URL, redisReachable, requireService } from '../../../../test-support/services.js';
import { MemoryBroker } from '../../../broker/memory.js';
import type { Broker } from '../../../broker/port.js';
import { RedisBroker } from '../../../broker/redis.js';
import { ProcessDriver } from '../../../runtime/process.js';
import type { RuntimeDriver } from '../../../runtime/port.js';
import { heartbeatKey, TargetMonitor, type MonitorOptions, type TargetHealthState } from '../target-monitor.js';

const redisUp = await requireService('redis-server', redisReachable(), 'start redis-server or set REDIS_TEST_URL');
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

describe.each(adapters)('target heartbeats on the $kind broker', ({ create }) => {
  let broker: Broker;
  let dir: string;
  let drivers: RuntimeDriver[];
  beforeEach(async () => {
    broker = create();
    dir = await mkdtemp(join(tmpdir(), 'hive-monitor-'));
    drivers = [];
  });
  afterEach(async () => {
    for (const d of drivers) await d.close();
    await broker.close();
    await rm(dir, { recursive: true, force: true });
  });

  // These targets are only probed, never asked to spawn: a fixed command spares each driver the
  // worker bundle build (and a close that waits for it inside the timed heartbeat windows).
  const openDriver = async () => {
    const d = await ProcessDriver.open({ dataDir: join(dir, crypto.randomUUID()), command: { executable: process.execPath, args: ['-e', ''] } });
    drivers.push(d);
    return d;
  };
  /** A target whose driver the test swaps or closes. */
  const target = (id: string, driver: RuntimeDriver) => {
    const t = { id, current: driver, driver: async () => t.current };
    return t;
  };
  const monitorOf = (targets: { id: string; driver: () => Promise<RuntimeDriver> }[], options: Partial<MonitorOptions> = {}) => {
    const changes: [string, TargetHealthState][] = [];
    const monitor = new TargetMonitor(
      broker,
      { intervalMs: 60_000, ttlMs: 5_000, downAfter: 3, probeTimeoutMs: 2_000, hubId: 'hub-test', ...options },
      async () => targets,
      () => undefined,
    );
    monitor.onChange((id, state) => changes.push([id, state]));
    return { monitor, changes };
  };

  it('a reachable target gets a heartbeat key that expires after its TTL once nobody probes', async () => {
    const a = target(`a-${crypto.randomUUID()}`, await openDriver());
    const { monitor, changes } = monitorOf([a], { ttlMs: 400 });
    await monitor.tick();
    expect(monitor.state(a.id)).toMatchObject({ status: 'ok', down: false, failedProbes: 0 });
    const beat = JSON.parse((await broker.get(heartbeatKey(a.id)))!) as { hub: string; at: string };
    expect(beat.hub).toBe('hub-test');
    expect(monitor.state(a.id)!.lastHeartbeatAt).toBe(beat.at);
    await monitor.stop();
    await sleep(700);
    expect(await broker.get(heartbeatKey(a.id))).toBeNull();
    expect(changes).toEqual([]);
  });

  it('is down after N failed probes, says so once, and comes back once', async () => {
    const a = target(`a-${crypto.randomUUID()}`, await openDriver());
    const { monitor, changes } = monitorOf([a], { downAfter: 3 });
    await monitor.tick();
    await a.current.close();
    await monitor.tick();
    expect(monitor.state(a.id)).toMatchObject({ status: 'degraded', down: false, failedProbes: 1 });
    expect(monitor.state(a.id)!.detail).toContain('probe failed (1/3)');
    await monitor.tick();
    expect(changes).toEqual([]);
    await monitor.tick();
    expect(monitor.state(a.id)).toMatchObject({ status: 'down', down: true, failedProbes: 3 });
    await monitor.tick();
    expect(changes.map(([id, s]) => [id, s.down])).toEqual([[a.id, true]]);

    a.current = await openDriver();
    await monitor.tick();
    expect(monitor.state(a.id)).toMatchObject({ status: 'ok', down: false, failedProbes: 0 });
    expect(changes.map(([id, s]) => [id, s.down])).toEqual([[a.id, true], [a.id, false]]);
  });

  it('a failed probe of a target whose heartbeat expired is down at once', async () => {
    const a = target(`a-${crypto.randomUUID()}`, await openDriver());
    const { monitor, changes } = monitorOf([a], { downAfter: 100, ttlMs: 300 });
    await monitor.tick();
    await a.current.close();
    await monitor.tick();
    // Another hub's (or our own) heartbeat is still alive: not down yet.
    expect(monitor.state(a.id)!.down).toBe(false);
    await sleep(500);
    await monitor.tick();
    expect(monitor.state(a.id)).toMatchObject({ down: true, failedProbes: 2 });
    expect(changes).toHaveLength(1);
  });

  it('a missing heartbeat key it never saw is not "expired" until the monitor has run for a TTL', async () => {
    // Right after a hub starts (or Redis restarted) no target has a key yet.
    const a = target(`a-${crypto.randomUUID()}`, await openDriver());
    await a.current.close();
    const { monitor, changes } = monitorOf([a], { downAfter: 100, ttlMs: 300 });
    await monitor.tick();
    expect(monitor.state(a.id)).toMatchObject({ status: 'degraded', down: false, failedProbes: 1 });
    await monitor.tick();
    expect(monitor.state(a.id)!.down).toBe(false);
    expect(changes).toEqual([]);
    // A TTL later nobody has refreshed it: now a missing key means expired.
    await sleep(350);
    await monitor.tick();
    expect(monitor.state(a.id)).toMatchObject({ status: 'down', down: true, failedProbes: 3 });
    expect(changes).toHaveLength(1);
  });

  it('a probe that does not answer in time fails', async () => {
    const hanging = { id: `h-${crypto.randomUUID()}`, driver: () => new Promise<RuntimeDriver>(() => undefined) };
    const { monitor } = monitorOf([hanging], { probeTimeoutMs: 100, downAfter: 1 });
    const started = Date.now();
    await monitor.tick();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(monitor.state(hanging.id)).toMatchObject({ status: 'down', down: true });
    expect(monitor.state(hanging.id)!.detail).toContain('no answer within 100 ms');
  });
});
