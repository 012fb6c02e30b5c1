/**
 * Registering a runtime target (ClusterService on a real store, fake drivers): a driver opened
 * for a target that is then refused is closed again, whatever refused it; and the hub's own
 * configured Docker Engine cannot be registered a second time (422 naming the field).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore, type StoreFixture } from '../../../../test-support/stores.js';
import { MemoryBroker } from '../../../broker/memory.js';
import type { AppError } from '../../../errors.js';
import type { RuntimeDriver, RuntimeHealth } from '../../../runtime/port.js';
import { ClusterService } from '../../cluster-service.js';

describe('registering a runtime target', () => {
  let fx: StoreFixture;
  let broker: MemoryBroker;
  let cluster: ClusterService;
  let health: () => Promise<RuntimeHealth>;
  let opened: string[];
  let closed: string[];

  beforeEach(async () => {
    fx = await openTestStore('pglite');
    broker = new MemoryBroker({ prefix: 'test:' });
    cluster = new ClusterService(fx.store);
    opened = [];
    closed = [];
    health = async () => ({ status: 'ok', detail: 'fine', running: 0 });
    await cluster.start({
      broker,
      hubId: 'hub-test',
      log: () => undefined,
      configuredDockerEngine: '/var/run/docker.sock',
      monitor: { intervalMs: 60_000, ttlMs: 5_000, downAfter: 3, probeTimeoutMs: 1_000 },
      connector: async ({ address }) => {
        opened.push(address);
        return {
          kind: 'docker',
          health: () => health(),
          list: async () => [],
          onExit: () => () => undefined,
          close: async () => {
            closed.push(address);
          },
        } as unknown as RuntimeDriver;
      },
    });
  });
  afterEach(async () => {
    await cluster.stop();
    await broker.close();
    await fx.close();
  });

  const refusal = (work: Promise<unknown>) => work.then(() => null, (err: AppError) => err);

  it('closes the driver it opened when the health check or the insert throws', async () => {
    health = async () => {
      throw new Error('engine hung up');
    };
    expect((await refusal(cluster.registerTarget('admin', { kind: 'docker', name: 'a', url: 'tcp://10.0.0.1:2375' })))?.message).toBe('engine hung up');
    expect(closed).toEqual(['tcp://10.0.0.1:2375']);

    health = async () => ({ status: 'ok', detail: 'fine', running: 0 });
    const insert = fx.store.runtimeTargets.insert.bind(fx.store.runtimeTargets);
    fx.store.runtimeTargets.insert = async () => {
      throw new Error('database went away');
    };
    expect((await refusal(cluster.registerTarget('admin', { kind: 'docker', name: 'b', url: 'tcp://10.0.0.2:2375' })))?.message).toBe('database went away');
    fx.store.runtimeTargets.insert = insert;
    expect(closed).toEqual(['tcp://10.0.0.1:2375', 'tcp://10.0.0.2:2375']);
    expect(await fx.store.runtimeTargets.list()).toEqual([]);
  });

  it("refuses the hub's configured Docker Engine, however the socket is spelled", async () => {
    for (const body of [{ socketPath: '/var/run/docker.sock' }, { url: 'unix:///var/run/docker.sock' }] as const) {
      const err = await refusal(cluster.registerTarget('admin', { kind: 'docker', name: 'again', ...body }));
      expect(err?.code).toBe('VALIDATION_FAILED');
      const issues = (err?.details?.issues ?? []) as { path: string; message: string }[];
      expect(issues.map((i) => i.path)).toEqual(['url' in body ? 'url' : 'socketPath']);
      expect(issues[0]!.message).toContain("this hub's configured Docker Engine");
    }
    expect(opened).toEqual([]);
    // Another engine is fine.
    const view = await cluster.registerTarget('admin', { kind: 'docker', name: 'other', socketPath: '/run/other.sock' });
    expect(view).toMatchObject({ id: 'docker-other', address: 'unix:///run/other.sock', registered: true });
    expect(closed).toEqual([]);
  });
});
