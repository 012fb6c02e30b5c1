/**
 * Faults while tasks run: an agent killed with SIGKILL, the hub restarted, redis-server
 * restarted, and an agent sending garbage. Every task still completes exactly once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { Agent, DomainEvent, Task } from '../../../shared/index.js';
import { sha256 } from '../auth/secrets.js';
import { parseEnv } from '../env.js';
import { startHub, type Hub } from '../hub.js';
import { createTestApp, TEST_PASSWORD } from '../../test-support/app.js';
import { freePort } from '../../test-support/free-port.js';
import { redisReachable, requireService } from '../../test-support/services.js';
import { waitFor } from '../../test-support/wait.js';

const redisInstalled = await requireService('redis-server', redisReachable(), 'redis-server must be installed to restart one');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => {});
});

const TUNING = { scheduler: { leaseMs: 8000, retryBaseMs: 200, retryMaxMs: 1000 }, reconnectGraceMs: 1000, restartBaseMs: 200 };

async function spawnAgents(hub: Hub, n: number, type: Agent['type'] = 'backend'): Promise<Agent[]> {
  const agents: Agent[] = [];
  for (let i = 0; i < n; i++) {
    const agent = await hub.services.agents.create('test', { name: `${type}-${i}`, type, runtime: 'process', start: false });
    agents.push(await hub.orchestrator.startAgent('test', agent.id));
  }
  await waitFor(`${n} agents to connect`, async () => {
    const { items } = await hub.services.store.agents.list({ status: 'idle', limit: 100, offset: 0 });
    return items.length >= n;
  }, 30_000);
  return agents;
}

async function createTasks(hub: Hub, n: number, description: string): Promise<Task[]> {
  const tasks: Task[] = [];
  for (let i = 0; i < n; i++) {
    tasks.push(
      await hub.services.tasks.create('test', {
        title: `job ${i}`, description, type: 'backend', requiredCapabilities: [], priority: 50, dependencies: [], context: {}, maxAttempts: 5,
      }),
    );
  }
  return tasks;
}

async function allCompletedOnce(hub: Hub, tasks: Task[], timeoutMs = 60_000): Promise<void> {
  await waitFor('every task to complete', async () => {
    const rows = await hub.services.store.tasks.getMany(tasks.map((t) => t.id));
    return rows.every((r) => r.status === 'completed');
  }, timeoutMs, 200);
  const events: DomainEvent[] = await hub.services.store.events.listAfter({ after: 0, limit: 10_000 });
  for (const task of tasks) {
    const completions = events.filter((e) => e.subject === `task:${task.id}` && e.payload.status === 'completed');
    expect(completions, `task ${task.id} completions`).toHaveLength(1);
    const stored = await hub.services.store.tasks.get(task.id);
    expect(String(stored?.result?.summary)).toMatch(/^Offline model:/);
  }
}

describe("faults", { timeout: 150_000 }, () => {
  it('an agent killed with SIGKILL mid-task: another agent finishes the task, once', async () => {
    const t = await createTestApp('pglite', { reachableHub: true, ...TUNING });
    cleanups.push(() => t.close());
    await spawnAgents(t.hub, 2);
    const [task] = (await createTasks(t.hub, 1, 'run: sleep 2\nwrite done.txt: finished')) as [Task];
    const running = await waitFor('the task to run', async () => {
      const row = await t.services.store.tasks.get(task.id);
      return row?.status === 'running' ? row : null;
    });
    const victim = (await t.services.store.agents.get(running.assignedAgentId!))!;
    process.kill(Number(victim.runtimeRef), 'SIGKILL');
    await allCompletedOnce(t.hub, [task]);
    const done = (await t.services.store.tasks.get(task.id))!;
    expect(done.assignedAgentId).not.toBe(victim.id);
    // The supervisor brings the killed agent back.
    await waitFor('the killed agent to be restarted', async () => (await t.services.store.agents.get(victim.id))?.status === 'idle', 30_000);
  });

  it('a worker that dies while the database cannot be reached is still restarted', async () => {
    const t = await createTestApp('pglite', { reachableHub: true, ...TUNING });
    cleanups.push(() => t.close());
    const [agent] = (await spawnAgents(t.hub, 1)) as [Agent];
    const pid = Number((await t.services.store.agents.get(agent.id))!.runtimeRef);
    // The supervisor's first read about the dead worker fails, as when Postgres is restarting.
    const { agents } = t.services.store;
    const get = agents.get.bind(agents);
    let failed = 0;
    agents.get = async (id: string) => {
      if (id === agent.id && failed === 0) {
        failed++;
        throw new Error('connect ECONNREFUSED 127.0.0.1:5432 (simulated)');
      }
      return get(id);
    };
    try {
      process.kill(pid, 'SIGKILL');
      await waitFor('the agent to be restarted', async () => {
        const now = await get(agent.id);
        return now?.status === 'idle' && Number(now.runtimeRef) !== pid;
      }, 30_000);
      expect(failed).toBe(1);
    } finally {
      agents.get = get;
    }
  });

  it('the hub restarted mid-run: workers are adopted, reconnect, and no task is lost', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hive-restart-'));
    const port = await freePort();
    const env = parseEnv({
      PORT: String(port), HOST: '127.0.0.1', HIVE_DATA_DIR: dataDir, HIVE_ADMIN_PASSWORD: TEST_PASSWORD, HIVE_WEB_DIST: join(dataDir, 'none'),
    });
    const tuning = { ...TUNING, workerEnv: { HIVE_HEARTBEAT_MS: '500' } };
    let hub = await startHub(env, tuning, () => {});
    cleanups.push(() => hub.close({ stopAgents: true }));
    await spawnAgents(hub, 2);
    const tasks = await createTasks(hub, 6, 'run: sleep 0.7');
    await waitFor('work to be under way', async () => ((await hub.services.store.tasks.countByStatus()).completed ?? 0) >= 1, 30_000);
    await hub.close(); // the workers keep running
    hub = await startHub(env, tuning, () => {});
    const { items } = await hub.services.store.agents.list({ limit: 10, offset: 0 });
    expect(items.every((a) => a.status !== 'failed')).toBe(true);
    await allCompletedOnce(hub, tasks);
  });

  it.runIf(redisInstalled)('redis-server restarted mid-run: no task is lost', async () => {
    const port = await freePort();
    const startRedis = () =>
      new Promise<ChildProcess>((resolve, reject) => {
        const p = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
        p.once('error', reject);
        waitFor('redis-server to answer', () => redisReachable(`redis://127.0.0.1:${port}`), 10_000, 50).then(() => resolve(p), reject);
      });
    let redis = await startRedis();
    cleanups.push(async () => void redis.kill('SIGKILL'));
    const t = await createTestApp('pglite', { reachableHub: true, ...TUNING, env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
    cleanups.push(() => t.close());
    await spawnAgents(t.hub, 2);
    const tasks = await createTasks(t.hub, 6, 'run: sleep 0.5');
    await waitFor('work to be under way', async () => ((await t.services.store.tasks.countByStatus()).completed ?? 0) >= 1, 30_000);
    redis.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 1000));
    redis = await startRedis();
    // Tasks created while Redis was away are announced again by the dispatcher's database poll.
    tasks.push(...(await createTasks(t.hub, 2, 'write after.txt: after the restart')));
    await allCompletedOnce(t.hub, tasks);
  });

  it('garbage from an agent is answered with errors and never crashes the hub', async () => {
    const t = await createTestApp('pglite', { reachableHub: true, ...TUNING });
    cleanups.push(() => t.close());
    const agent = await t.services.agents.create('test', { name: 'rogue', type: 'qa', runtime: 'process', start: false });
    const token = 'hive_agt_test_token_for_a_rogue_agent';
    await t.services.store.agents.update(agent.id, { tokenHash: sha256(token) });

    const wrong = io(`${t.hub.url}/agents`, { auth: { agentId: agent.id, token: 'hive_agt_wrong_token_value' }, transports: ['websocket'], reconnection: false });
    const refused = await new Promise<string>((resolve) => wrong.on('connect_error', (e) => resolve(e.message)));
    expect(refused).toContain('unauthorized');
    wrong.close();

    const socket = io(`${t.hub.url}/agents`, { auth: { agentId: agent.id, token }, transports: ['websocket'], reconnection: false });
    cleanups.push(async () => void socket.close());
    await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
    const errors: { event: string; code: string }[] = [];
    socket.on('hub:error', (e: { event: string; code: string }) => errors.push(e));

    const garbage: [string, unknown][] = [
      ['task:result', { taskId: 'not-a-uuid', result: {} }],
      ['task:result', 'a string'],
      ['task:usage', { taskId: crypto.randomUUID(), model: 'x', inputTokens: -5, outputTokens: 1, costUsd: 0 }],
      ['task:progress', null],
      ['agent:heartbeat', { taskId: 42, extra: true }],
      ['hub:create_subtask', { title: 5 }],
      ['hub:send_message', [1, 2, 3]],
      ['task:failed', { taskId: crypto.randomUUID(), error: 'x'.repeat(30_000) }],
    ];
    for (const [event, payload] of garbage) socket.emit(event, payload);
    const ack = (await socket.timeout(5000).emitWithAck('hub:store_context', { content: '' })) as { ok: boolean; error: { code: string } };
    expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const notMine = (await socket.timeout(5000).emitWithAck('task:result', { taskId: crypto.randomUUID(), result: {} })) as { ok: boolean };
    expect(notMine.ok).toBe(false);
    await waitFor('an error event per bad payload', async () => errors.length >= garbage.length + 2, 5000);
    expect(errors.every((e) => typeof e.code === 'string')).toBe(true);
    expect(socket.connected).toBe(true);
    expect((await t.call('GET', '/system/health', { as: 'anonymous' })).status).toBe(200);
  });
});
