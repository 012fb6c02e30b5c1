/**
 * HIVE_RUNTIME=docker end to end on the real Docker Engine: a session's agents run as
 * hardened containers of the hive-agent image and complete tasks; a container killed
 * mid-task has its task finished elsewhere, once.
 */
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, DomainEvent, Session, Task } from '../../../shared/index.js';
import { createTestApp, type TestApp } from '../../test-support/app.js';
import { DOCKER_SOCKET, dockerReachable, requireService } from '../../test-support/services.js';
import { waitFor } from '../../test-support/wait.js';
import { buildTestImages, removeScope } from '../runtime/__tests__/docker-fixture.js';

const dockerUp = await requireService('Docker Engine', dockerReachable(), `expected at ${DOCKER_SOCKET}; start dockerd`);
const scope = `e2e-${crypto.randomUUID().slice(0, 8)}`;

describe.runIf(dockerUp)('agents on the Docker runtime', { timeout: 240_000 }, () => {
  let t: TestApp;
  const docker = new Docker({ socketPath: DOCKER_SOCKET });
  beforeAll(async () => {
    await buildTestImages(['agent']);
    t = await createTestApp('pglite', {
      reachableHub: true,
      env: { HIVE_RUNTIME: 'docker', HIVE_DOCKER_SCOPE: scope, HIVE_DOCKER_NETWORK: 'host' },
      scheduler: { leaseMs: 10_000, retryBaseMs: 200, retryMaxMs: 2000 },
      restartBaseMs: 200,
    });
  }, 240_000);
  afterAll(async () => {
    await t?.close();
    await removeScope(docker, scope);
  });

  async function json<T>(res: Promise<Response>): Promise<T> {
    const r = await res;
    expect(r.status, await r.clone().text()).toBeLessThan(300);
    return (await r.json()) as T;
  }

  it('a session of two containers completes its tasks, and a killed container costs no task', async () => {
    const session = await json<Session>(t.call('POST', '/sessions', { as: 'operator', body: { name: 'boxed', agents: [{ type: 'backend', count: 2, runtime: 'docker' }] } }));
    await json(t.call('POST', `/sessions/${session.id}/start`, { as: 'operator' }));
    await waitFor('both containers to connect', async () => {
      const page = await json<{ items: Agent[] }>(t.call('GET', `/agents?sessionId=${session.id}&status=idle`));
      return page.items.length === 2;
    }, 120_000, 250);

    const containers = await docker.listContainers({ filters: JSON.stringify({ label: [`hive.scope=${scope}`] }) });
    expect(containers).toHaveLength(2);
    const info = await docker.getContainer(containers[0]!.Id).inspect();
    expect(info.Config.User).toBe('10001:10001');
    expect(info.HostConfig.ReadonlyRootfs).toBe(true);
    expect(info.HostConfig.CapDrop).toEqual(['ALL']);

    const tasks: Task[] = [];
    for (let i = 0; i < 4; i++) {
      tasks.push(await json<Task>(t.call('POST', '/tasks', { as: 'operator', body: { sessionId: session.id, title: `boxed ${i}`, type: 'backend', description: `run: sleep 1\nwrite out${i}.txt: done`, maxAttempts: 5 } })));
    }
    const running = await waitFor('a task to run', async () => (await t.services.store.tasks.getMany(tasks.map((x) => x.id))).find((x) => x.status === 'running'));
    const victim = (await t.services.store.agents.get(running.assignedAgentId!))!;
    await docker.getContainer(victim.runtimeRef!).kill({ signal: 'SIGKILL' });

    await waitFor('every task to complete', async () => (await t.services.store.tasks.getMany(tasks.map((x) => x.id))).every((x) => x.status === 'completed'), 180_000, 500);
    const events: DomainEvent[] = await t.services.store.events.listAfter({ after: 0, limit: 10_000 });
    for (const task of tasks) {
      expect(events.filter((e) => e.subject === `task:${task.id}` && e.payload.status === 'completed')).toHaveLength(1);
    }
    await json(t.call('POST', `/sessions/${session.id}/stop`, { as: 'operator' }));
  });
});
