/**
 * The cluster API on a real hub (process runtime, PGlite): placement honours the configured
 * target's capacity and drain and records the agent's target; register refuses what it cannot
 * reach or parse with a 422 naming the field; the configured target cannot be deregistered.
 * (Docker hosts across two Engines: server/src/__tests__/cluster-failover.e2e.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, ApiError, RuntimeTarget } from '../../../../shared/index.js';
import { createTestApp, type TestApp } from '../../../test-support/app.js';

describe('cluster targets', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite', { env: { HIVE_CLUSTER_LOCAL_CAPACITY: '1', HIVE_CLUSTER_PROBE_MS: '200' } });
  });
  afterAll(async () => t?.close());

  const local = async () => ((await (await t.call('GET', '/cluster', { as: 'viewer' })).json()) as { targets: RuntimeTarget[] }).targets.find((x) => x.id === 'local-process')!;
  const newAgent = async (name: string) =>
    (await (await t.call('POST', '/agents', { as: 'operator', body: { name, type: 'qa', runtime: 'process' } })).json()) as Agent;

  it('shows the configured target with its heartbeat, capacity and load', async () => {
    const target = await local();
    expect(target).toMatchObject({ kind: 'process', registered: false, address: null, status: 'ok', capacity: 1, running: 0, free: 1, draining: false, failedProbes: 0 });
    expect(Date.parse(target.lastHeartbeatAt!)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('records where an agent runs, and refuses a start beyond capacity or on a draining target', async () => {
    const first = await newAgent('placed-1');
    const second = await newAgent('placed-2');
    const started = (await (await t.call('POST', `/agents/${first.id}/start`, { as: 'operator' })).json()) as Agent;
    expect(started.targetId).toBe('local-process');
    expect(await local()).toMatchObject({ running: 1, free: 0, agents: [expect.objectContaining({ id: first.id })] });

    const full = await t.call('POST', `/agents/${second.id}/start`, { as: 'operator' });
    expect(full.status).toBe(409);
    expect(((await full.json()) as ApiError).message).toBe('no process runtime target can take agent placed-2: local-process is full (1/1)');
    expect((await t.services.agents.get(second.id)).status).toBe('created');

    await t.call('POST', `/agents/${first.id}/stop`, { as: 'operator' });
    expect((await t.call('POST', '/cluster/targets/local-process/drain', { as: 'admin' })).status).toBe(200);
    const draining = await t.call('POST', `/agents/${second.id}/start`, { as: 'operator' });
    expect(draining.status).toBe(409);
    expect(((await draining.json()) as ApiError).message).toContain('local-process is draining');
    expect((await t.call('POST', '/cluster/targets/local-process/undrain', { as: 'admin' })).status).toBe(200);
    const now = (await (await t.call('POST', `/agents/${second.id}/start`, { as: 'operator' })).json()) as Agent;
    expect(now).toMatchObject({ status: 'starting', targetId: 'local-process' });
    await t.call('POST', `/agents/${second.id}/stop`, { as: 'operator' });
  });

  it('refuses to register what it cannot reach or parse, naming the field', async () => {
    const cases: [unknown, string, RegExp][] = [
      [{ kind: 'docker', name: 'gone', socketPath: '/nonexistent/docker.sock' }, 'socketPath', /could not connect to unix:\/\/\/nonexistent\/docker.sock/],
      [{ kind: 'docker', name: 'closed port', url: 'tcp://127.0.0.1:9' }, 'url', /could not connect to tcp:\/\/127.0.0.1:9/],
      [{ kind: 'docker', name: 'both', url: 'tcp://127.0.0.1:9', socketPath: '/x.sock' }, 'url', /either url or socketPath/],
      [{ kind: 'docker', name: 'neither' }, 'url', /either url or socketPath/],
      [{ kind: 'docker', name: 'scheme', url: 'ftp://host' }, 'url', /ssh:\/\/user@host/],
      [{ kind: 'docker', name: 'cap', url: 'tcp://h:1', capacity: 0 }, 'capacity', /./],
      [{ kind: 'kubernetes', name: 'k8s', context: 'prod' }, 'context', /HIVE_K8S_AGENT_IMAGE/],
      [{ kind: 'nomad', name: 'x' }, 'kind', /./],
    ];
    for (const [body, field, message] of cases) {
      const res = await t.call('POST', '/cluster/targets', { as: 'admin', body });
      const error = (await res.json()) as ApiError;
      expect(res.status, JSON.stringify(body)).toBe(422);
      const issues = (error.details?.issues ?? []) as { path: string; message: string }[];
      expect(issues.map((i) => i.path), JSON.stringify(error)).toContain(field);
      expect(issues.find((i) => i.path === field)!.message, JSON.stringify(error)).toMatch(message);
    }
    expect((await local()).id).toBe('local-process');
    const { targets } = (await (await t.call('GET', '/cluster')).json()) as { targets: RuntimeTarget[] };
    expect(targets.map((x) => x.id)).toEqual(['local-process']);
  });

  it('will not deregister the configured target, nor one that does not exist', async () => {
    const configured = await t.call('DELETE', '/cluster/targets/local-process', { as: 'admin' });
    expect(configured.status).toBe(409);
    expect(((await configured.json()) as ApiError).message).toContain("this hub's configured runtime");
    expect((await t.call('DELETE', '/cluster/targets/docker-nothing', { as: 'admin' })).status).toBe(404);
    expect((await t.call('DELETE', '/cluster/targets/local-process', { as: 'operator' })).status).toBe(403);
  });
});
