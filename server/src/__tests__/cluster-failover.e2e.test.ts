/**
 * Two Docker hosts on the real Engine: the machine's dockerd (the hub's configured runtime)
 * and a second dockerd on its own socket, registered through the API. Agents are spread over
 * both by free capacity; the second host then crashes (dockerd, containerd, shims and
 * containers SIGKILLed), its heartbeat expires, its agents are marked lost and replaced on the
 * first host, and every task completes exactly once.
 */
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, DomainEvent, RuntimeTarget, Session, Task } from '../../../shared/index.js';
import { createTestApp, type TestApp } from '../../test-support/app.js';
import { canRunDockerd, startThrowawayDockerd, type ThrowawayDockerd } from '../../test-support/dockerd.js';
import { DOCKER_SOCKET, dockerReachable, requireService } from '../../test-support/services.js';
import { waitFor } from '../../test-support/wait.js';
import { AGENT_IMAGE, buildTestImages, removeScope } from '../runtime/__tests__/docker-fixture.js';

const dockerUp =
  (await requireService('Docker Engine', dockerReachable(), `expected at ${DOCKER_SOCKET}; start dockerd`)) &&
  (await requireService('a second dockerd', canRunDockerd(), 'needs the dockerd binary and root to start one on its own socket'));
const scope = `cluster-${crypto.randomUUID().slice(0, 8)}`;

describe.runIf(dockerUp)('agents across two Docker hosts', { timeout: 300_000 }, () => {
  let t: TestApp;
  let second: ThrowawayDockerd;
  const docker = new Docker({ socketPath: DOCKER_SOCKET });

  beforeAll(async () => {
    await buildTestImages(['agent']);
    second = await startThrowawayDockerd();
    await second.loadImageFrom(docker, AGENT_IMAGE);
    t = await createTestApp('pglite', {
      reachableHub: true,
      env: {
        HIVE_RUNTIME: 'docker',
        HIVE_DOCKER_SCOPE: scope,
        HIVE_DOCKER_NETWORK: 'host',
        HIVE_CLUSTER_PROBE_MS: '250',
        HIVE_CLUSTER_HEARTBEAT_TTL_MS: '1500',
        HIVE_CLUSTER_DOWN_AFTER: '3',
        HIVE_CLUSTER_LOCAL_CAPACITY: '4',
      },
      scheduler: { leaseMs: 10_000, retryBaseMs: 200, retryMaxMs: 2000 },
      restartBaseMs: 200,
    });
  }, 300_000);

  afterAll(async () => {
    await t?.close();
    await second?.cleanup();
    await removeScope(docker, scope);
  });

  async function json<T>(res: Promise<Response>, status?: number): Promise<T> {
    const r = await res;
    if (status) expect(r.status, await r.clone().text()).toBe(status);
    else expect(r.status, await r.clone().text()).toBeLessThan(300);
    return (await r.json()) as T;
  }
  const targets = async () => (await json<{ targets: RuntimeTarget[] }>(t.call('GET', '/cluster'))).targets;

  it('spreads agents over both hosts, and replaces the agents of a crashed host on the other one', async () => {
    const body = { kind: 'docker', name: 'Second engine', socketPath: second.socketPath, capacity: 4 };
    expect((await t.call('POST', '/cluster/targets', { as: 'operator', body })).status).toBe(403);
    const registered = await json<RuntimeTarget>(t.call('POST', '/cluster/targets', { as: 'admin', body }), 201);
    expect(registered).toMatchObject({ id: 'docker-second-engine', kind: 'docker', address: `unix://${second.socketPath}`, registered: true, status: 'ok', capacity: 4 });
    expect(registered.lastHeartbeatAt).not.toBeNull();
    // The same host twice is refused.
    expect((await t.call('POST', '/cluster/targets', { as: 'admin', body: { ...body, name: 'Again' } })).status).toBe(409);

    // Four agents over two hosts of capacity 4: free room decides, so two on each.
    const session = await json<Session>(t.call('POST', '/sessions', { as: 'operator', body: { name: 'spread', agents: [{ type: 'backend', count: 4, runtime: 'docker' }] } }));
    await json(t.call('POST', `/sessions/${session.id}/start`, { as: 'operator' }));
    const agents = await waitFor('four agents to connect', async () => {
      const page = await json<{ items: Agent[] }>(t.call('GET', `/agents?sessionId=${session.id}&status=idle`));
      return page.items.length === 4 && page.items;
    }, 120_000, 250);
    const onSecond = agents.filter((a) => a.targetId === 'docker-second-engine');
    expect(onSecond).toHaveLength(2);
    expect(agents.filter((a) => a.targetId === 'local-docker')).toHaveLength(2);
    const secondContainers = await second.docker.listContainers({ filters: JSON.stringify({ label: [`hive.scope=${scope}`] }) });
    expect(secondContainers.map((c) => c.Id).sort()).toEqual(onSecond.map((a) => a.runtimeRef).sort());

    const view = await targets();
    expect(view.find((x) => x.id === 'docker-second-engine')).toMatchObject({ status: 'ok', running: 2, free: 2, capacity: 4 });
    expect(view.find((x) => x.id === 'local-docker')).toMatchObject({ status: 'ok', running: 2, free: 2, capacity: 4 });
    // Deregistering a host is refused while agents run there.
    const refused = await t.call('DELETE', '/cluster/targets/docker-second-engine', { as: 'admin' });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('2 agent(s) run on runtime target docker-second-engine');

    const tasks: Task[] = [];
    for (let i = 0; i < 6; i++) {
      tasks.push(await json<Task>(t.call('POST', '/tasks', { as: 'operator', body: { sessionId: session.id, title: `spread ${i}`, type: 'backend', description: `run: sleep 2\nwrite out${i}.txt: done`, maxAttempts: 5 } })));
    }
    await waitFor('an agent on the second host to be working', async () => {
      const running = (await t.services.store.tasks.getMany(tasks.map((x) => x.id))).filter((x) => x.status === 'running');
      return running.some((x) => onSecond.some((a) => a.id === x.assignedAgentId));
    }, 60_000, 100);

    await second.crash();

    await waitFor('the second host to be down', async () => (await targets()).find((x) => x.id === 'docker-second-engine')?.status === 'down', 30_000, 200);
    await waitFor('its agents to run on the first host', async () => {
      const moved = await Promise.all(onSecond.map((a) => t.services.store.agents.get(a.id)));
      return moved.every((a) => a?.targetId === 'local-docker' && (a.status === 'idle' || a.status === 'busy'));
    }, 120_000, 250);
    await waitFor('every task to complete', async () => (await t.services.store.tasks.getMany(tasks.map((x) => x.id))).every((x) => x.status === 'completed'), 180_000, 500);

    const events: DomainEvent[] = await t.services.store.events.listAfter({ after: 0, limit: 10_000 });
    for (const task of tasks) {
      expect(events.filter((e) => e.subject === `task:${task.id}` && e.payload.status === 'completed')).toHaveLength(1);
    }
    expect(events.filter((e) => e.type === 'cluster.target_down' && e.subject === 'target:docker-second-engine')).toHaveLength(1);
    for (const agent of onSecond) expect(events.filter((e) => e.type === 'agent.lost' && e.subject === `agent:${agent.id}`)).toHaveLength(1);
    const local = await docker.listContainers({ filters: JSON.stringify({ label: [`hive.scope=${scope}`] }) });
    expect(local).toHaveLength(4);

    const after = await targets();
    expect(after.find((x) => x.id === 'local-docker')).toMatchObject({ running: 4, free: 0 });
    expect(after.find((x) => x.id === 'docker-second-engine')).toMatchObject({ status: 'down', running: 0 });
    // Empty now: deregistering it works, and it is gone from the view.
    await json(t.call('DELETE', '/cluster/targets/docker-second-engine', { as: 'admin' }), 200);
    expect((await targets()).map((x) => x.id)).toEqual(['local-docker']);
    await json(t.call('POST', `/sessions/${session.id}/stop`, { as: 'operator' }));
  });
});
