/**
 * The Kubernetes driver when things around it misbehave: watches that drop or expire
 * (410), pods deleted behind its back, an API server that goes away, a cluster without
 * metrics-server.
 */
import { randomUUID } from 'node:crypto';
import { CoreV1Api } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentLaunchSpec, ExitInfo, RuntimeDriver } from '../port.js';
import { AGENTS_NAMESPACE, makeKubernetesFixture } from './kubernetes-fixture.js';

type Fixture = Awaited<ReturnType<typeof makeKubernetesFixture>>;
let fx: Fixture | null = null;
afterEach(async () => {
  await fx?.cleanup();
  fx = null;
});

function spec(env: Record<string, string> = {}): AgentLaunchSpec {
  const agentId = randomUUID();
  return { agentId, agentType: 'backend', sessionId: null, env: { HIVE_HUB_URL: 'http://127.0.0.1:9', HIVE_AGENT_ID: agentId, HIVE_AGENT_TOKEN: randomUUID(), ...env } };
}

function nextExit(driver: RuntimeDriver, agentId: string): Promise<ExitInfo> {
  return new Promise((resolve) => {
    const off = driver.onExit((info) => {
      if (info.agentId !== agentId) return;
      off();
      resolve(info);
    });
  });
}

const podName = (s: AgentLaunchSpec) => `hive-agent-${s.agentId}`;

describe('KubernetesDriver: watch and outside changes', () => {
  it('keeps seeing exits after the watch connection drops', async () => {
    fx = await makeKubernetesFixture();
    const s = spec();
    await fx.driver.spawn(s);
    const exit = nextExit(fx.driver, s.agentId);
    fx.api.dropWatches();
    await new Promise((resolve) => setTimeout(resolve, 300));
    fx.api.kubelet.crash(AGENTS_NAMESPACE, podName(s), 7);
    await expect(exit).resolves.toMatchObject({ agentId: s.agentId, code: 7, expected: false });
  });

  it('lists again when its resourceVersion has expired (410), and reports what happened meanwhile', async () => {
    // A slow reconnect, so everything below happens while the driver is disconnected.
    fx = await makeKubernetesFixture({ driver: { watchBackoffMs: { min: 500, max: 500 } } });
    const s = spec();
    await fx.driver.spawn(s);
    const exit = nextExit(fx.driver, s.agentId);
    const lists = () => fx!.api.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/pods') && !r.query.watch).length;
    const listsBefore = lists();
    fx.api.dropWatches();
    // Other writes move the cluster's revision past the last one the driver saw; then history is compacted.
    const core = fx.api.kubeConfig(AGENTS_NAMESPACE).makeApiClient(CoreV1Api);
    await core.createNamespacedSecret({ namespace: AGENTS_NAMESPACE, body: { metadata: { name: 'unrelated' }, stringData: { a: 'b' } } });
    fx.api.compact();
    fx.api.kubelet.crash(AGENTS_NAMESPACE, podName(s), 5);
    await expect(exit).resolves.toMatchObject({ agentId: s.agentId, code: 5, expected: false });
    expect(lists()).toBeGreaterThan(listsBefore);
    expect(await fx.driver.list()).toEqual([]);
    expect(await fx.driver.health()).toMatchObject({ status: 'ok' });
  });

  it('reports a pod deleted behind its back (kubectl delete) as an unexpected exit, and keeps its last lines', async () => {
    fx = await makeKubernetesFixture();
    const s = spec();
    await fx.driver.spawn(s);
    const exit = nextExit(fx.driver, s.agentId);
    const core = fx.api.kubeConfig(AGENTS_NAMESPACE).makeApiClient(CoreV1Api);
    await core.deleteNamespacedPod({ name: podName(s), namespace: AGENTS_NAMESPACE, gracePeriodSeconds: 1 });
    await expect(exit).resolves.toMatchObject({ agentId: s.agentId, code: 0, expected: false });
    await expect.poll(() => fx!.api.pod(AGENTS_NAMESPACE, podName(s))).toBeUndefined();
    expect(await fx.driver.logs(s.agentId)).toContain('got SIGTERM, exiting');
    // The owner is gone, so the garbage collector (or the driver) removes the token's Secret.
    await expect.poll(() => fx!.api.secret(AGENTS_NAMESPACE, podName(s))).toBeUndefined();
  });

  it('deletes with the grace period rounded up to whole seconds, never 0 (which would orphan the container)', async () => {
    fx = await makeKubernetesFixture();
    const s = spec();
    await fx.driver.spawn(s);
    await fx.driver.stop(s.agentId, 200);
    expect(await fx.driver.list()).toEqual([]);
    expect(fx.api.requests.filter((r) => r.method === 'DELETE' && r.path.endsWith(`/pods/${podName(s)}`))).toEqual([
      expect.objectContaining({ query: expect.objectContaining({ gracePeriodSeconds: '1' }) }),
    ]);
  });
});

describe('KubernetesDriver: health and usage', () => {
  it('is down once the API server is gone', async () => {
    fx = await makeKubernetesFixture({ driver: { healthTimeoutMs: 2_000 } });
    expect(await fx.driver.health()).toMatchObject({ status: 'ok' });
    await fx.api.close();
    expect(await fx.driver.health()).toMatchObject({ status: 'down', detail: expect.stringContaining('unreachable') });
  });

  it('is degraded while the pod watch cannot reconnect', async () => {
    fx = await makeKubernetesFixture({ driver: { watchBackoffMs: { min: 5_000, max: 5_000 } } });
    fx.api.dropWatches();
    await expect.poll(async () => (await fx!.driver.health()).status).toBe('degraded');
  });

  it('reports no usage (null, not zero) on a cluster without metrics-server', async () => {
    fx = await makeKubernetesFixture({ api: { metrics: false } });
    const s = spec();
    await fx.driver.spawn(s);
    expect(await fx.driver.usage(s.agentId)).toBeNull();
  });
});
