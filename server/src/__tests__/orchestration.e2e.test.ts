/**
 * Tasks flow from the REST API to agent worker processes running the tool loop and back:
 * a session of three agents works a batch with dependencies and a delegated subtask on the
 * offline model, on the in-process broker and on a real Redis.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import type { Agent, ProgressItem, Session, Task } from '../../../shared/index.js';
import { createTestApp, type TestApp } from '../../test-support/app.js';
import { redisReachable, requireService, REDIS_URL } from '../../test-support/services.js';
import { waitFor } from '../../test-support/wait.js';

const redisUp = await requireService('redis-server', redisReachable(), `expected at ${REDIS_URL}`);
const BROKERS = [
  { name: 'in-process broker', env: {} as Record<string, string>, run: true },
  { name: 'Redis broker', env: { REDIS_URL }, run: redisUp },
];

async function json<T>(res: Promise<Response>, status: number): Promise<T> {
  const r = await res;
  expect(r.status, await r.clone().text()).toBe(status);
  return (await r.json()) as T;
}

describe.each(BROKERS)('orchestration on the $name', ({ env, run }) => {
  let t: TestApp;
  beforeAll(async () => {
    if (!run) return;
    t = await createTestApp('pglite', {
      reachableHub: true,
      env,
      brokerPrefix: `test:${crypto.randomUUID()}:`,
      scheduler: { leaseMs: 10_000, retryBaseMs: 200, retryMaxMs: 2000 },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it.runIf(run)('a session of three agents works a batch with a dependency and a delegated subtask to completion', async () => {
    const session = await json<Session>(
      t.call('POST', '/sessions', {
        as: 'operator',
        body: { name: 'batch', agents: [{ type: 'backend', count: 2 }, { type: 'qa', count: 1 }] },
      }),
      201,
    );
    await json(t.call('POST', `/sessions/${session.id}/start`, { as: 'operator' }), 200);

    const create = (body: Record<string, unknown>) =>
      json<Task>(t.call('POST', '/tasks', { as: 'operator', body: { sessionId: session.id, ...body } }), 201);
    const build = await create({ title: 'Write the greeting', type: 'backend', description: 'write src/hello.txt: hello from Hive' });
    const review = await create({
      title: 'Review the greeting',
      type: 'qa',
      dependencies: [build.id],
      description: 'remember: the greeting was reviewed',
    });
    const lead = await create({ title: 'Plan the release', type: 'backend', description: 'delegate qa: Check the release notes' });
    const plain = await create({ title: 'Sketch a design' });
    expect(review.status).toBe('pending');

    let seen: Task[] = [];
    const all = await waitFor(
      'every task of the session, with the delegated subtask, to complete',
      async () => {
        const page = await json<{ items: Task[] }>(t.call('GET', `/tasks?sessionId=${session.id}&limit=50`), 200);
        seen = page.items;
        return page.items.length === 5 && page.items.every((x) => x.status === 'completed') ? page.items : null;
      },
      90_000,
      250,
    ).catch((err: Error) => {
      // Say where each task stood: a stall and a slow machine look alike otherwise.
      // The result says which tool call failed, e.g. a refused create_subtask.
      const said = (x: Task) => (x.result?.summary ? `, result: ${String(x.result.summary)}` : '');
      throw new Error(`${err.message}; tasks: ${seen.map((x) => `${x.title}: ${x.status} (attempts ${x.attempts}${x.error ? `, ${x.error}` : ''}${said(x)})`).join('; ')}`);
    });

    const byId = new Map(all.map((x) => [x.id, x]));
    const subtask = all.find((x) => x.parentTaskId === lead.id)!;
    expect(subtask).toMatchObject({ title: 'Check the release notes', type: 'qa', status: 'completed' });
    for (const id of [build.id, review.id, lead.id, plain.id, subtask.id]) {
      const task = byId.get(id)!;
      expect(String(task.result?.summary)).toMatch(/^Offline model:/);
      expect(task.result?.offline).toBe(true);
      expect(task.tokensUsed).toBeGreaterThan(0);
    }
    // The dependant started only after its dependency completed.
    expect(Date.parse(byId.get(review.id)!.startedAt!)).toBeGreaterThanOrEqual(Date.parse(byId.get(build.id)!.completedAt!));
    // The file edit really happened in the worker's own workspace.
    const builder = byId.get(build.id)!.assignedAgentId!;
    const file = join(t.dataDir, 'agents', 'workspaces', builder, 'src', 'hello.txt');
    expect(existsSync(file) && readFileSync(file, 'utf8')).toContain('hello from Hive');
    // Usage is recorded per agent and per session.
    const agents = await json<{ items: Agent[] }>(t.call('GET', `/agents?sessionId=${session.id}`), 200);
    expect(agents.items.reduce((n, a) => n + a.tokensUsed, 0)).toBeGreaterThan(0);
    expect((await json<Session>(t.call('GET', `/sessions/${session.id}`), 200)).tokensUsed).toBeGreaterThan(0);

    await json(t.call('POST', `/sessions/${session.id}/stop`, { as: 'operator' }), 200);
    const stopped = await json<{ items: Agent[] }>(t.call('GET', `/agents?sessionId=${session.id}&status=stopped`), 200);
    expect(stopped.items).toHaveLength(3);
    expect(await t.hub.orchestrator.driverFor('process').list()).toHaveLength(0);
  }, 120_000); // the wait above bounds it; on a loaded machine spawning three workers alone takes a while
});

describe('a connected agent', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite', { reachableHub: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('pause the agent at the budget, put its task back to wait, say so, and resume when raised', async () => {
    const agent = await json<Agent>(
      t.call('POST', '/agents', { as: 'operator', body: { name: 'frugal', type: 'devops', tokenBudget: 20, start: true } }),
      201,
    );
    const task = await json<Task>(
      t.call('POST', '/tasks', { as: 'operator', body: { title: 'Three files', type: 'devops', description: 'write a.txt: a\nwrite b.txt: b\nwrite c.txt: c' } }),
      201,
    );
    const paused = await waitFor('the agent to pause', async () => {
      const a = await json<Agent>(t.call('GET', `/agents/${agent.id}`), 200);
      return a.status === 'paused' ? a : null;
    });
    expect(paused.tokensUsed).toBeGreaterThanOrEqual(20);
    const waiting = await json<Task>(t.call('GET', `/tasks/${task.id}`), 200);
    expect(waiting).toMatchObject({ status: 'ready', assignedAgentId: null });
    const events = await json<{ items: { type: string; payload: { agentId: string; message: string } }[] }>(
      t.call('GET', '/events?type=budget.exhausted'),
      200,
    );
    expect(events.items.some((e) => e.payload.agentId === agent.id && e.payload.message.includes('paused'))).toBe(true);

    const refused = await t.call('POST', `/agents/${agent.id}/start`, { as: 'operator' });
    expect(refused.status).toBe(409);
    await json(t.call('PUT', `/agents/${agent.id}`, { as: 'operator', body: { tokenBudget: 1_000_000 } }), 200);
    await json(t.call('POST', `/agents/${agent.id}/start`, { as: 'operator' }), 200);
    await waitFor('the task to complete after the budget was raised', async () => {
      const now = await json<Task>(t.call('GET', `/tasks/${task.id}`), 200);
      return now.status === 'completed' ? now : null;
    });
  });

  it('works a task a person assigned to it by hand, even one it would not have matched', async () => {
    const agent = await json<Agent>(t.call('POST', '/agents', { as: 'operator', body: { name: 'handy', type: 'frontend', start: true } }), 201);
    await waitFor('the agent to connect', async () => (await json<Agent>(t.call('GET', `/agents/${agent.id}`), 200)).status === 'idle');
    const task = await json<Task>(t.call('POST', '/tasks', { as: 'operator', body: { title: 'Odd job', type: 'architect' } }), 201);
    await json(t.call('POST', `/tasks/${task.id}/assign`, { as: 'operator', body: { agentId: agent.id } }), 200);
    const done = await waitFor('the hand-assigned task to complete', async () => {
      const now = await json<Task>(t.call('GET', `/tasks/${task.id}`), 200);
      return now.status === 'completed' ? now : null;
    });
    expect(done.assignedAgentId).toBe(agent.id);
  });

  it('stops a task cancelled while it runs at once, and is free for the next', async () => {
    const agent = await json<Agent>(t.call('POST', '/agents', { as: 'operator', body: { name: 'stoppable', type: 'strategic_partner', start: true } }), 201);
    await waitFor('the agent to connect', async () => (await json<Agent>(t.call('GET', `/agents/${agent.id}`), 200)).status === 'idle');
    const long = await json<Task>(t.call('POST', '/tasks', { as: 'operator', body: { title: 'Long job', type: 'strategic_partner', description: 'run: sleep 60' } }), 201);
    await waitFor('the long task to run', async () => (await json<Task>(t.call('GET', `/tasks/${long.id}`), 200)).status === 'running');
    const cancelledAt = Date.now();
    await json(t.call('POST', `/tasks/${long.id}/cancel`, { as: 'operator', body: { reason: 'changed my mind' } }), 200);
    // The worker kills the command and asks for work: the next task completes long before the sleep would have ended.
    const next = await json<Task>(t.call('POST', '/tasks', { as: 'operator', body: { title: 'Short job', type: 'strategic_partner', description: 'write ok.txt: ok' } }), 201);
    await waitFor('the next task to complete', async () => (await json<Task>(t.call('GET', `/tasks/${next.id}`), 200)).status === 'completed', 30_000);
    expect(Date.now() - cancelledAt).toBeLessThan(30_000);
    expect((await json<Task>(t.call('GET', `/tasks/${long.id}`), 200)).status).toBe('cancelled');
    const log = readFileSync(join(t.dataDir, 'agents', 'logs', `${agent.id}.log`), 'utf8');
    expect(log).toContain(`task ${long.id} taken back by the hub: the task was cancelled`);
  });

  it('streams its output live to a dashboard watching the task, and stores it', async () => {
    const agent = await json<Agent>(t.call('POST', '/agents', { as: 'operator', body: { name: 'talker', type: 'product_manager', start: true } }), 201);
    await waitFor('the agent to connect', async () => (await json<Agent>(t.call('GET', `/agents/${agent.id}`), 200)).status === 'idle');
    const ui = io(`${t.hub.url}/ui`, { auth: { token: t.tokens.viewer }, transports: ['websocket'], reconnection: false });
    const live: ProgressItem[] = [];
    ui.on('ui:progress', (b: { items: ProgressItem[] }) => live.push(...b.items));
    try {
      await new Promise<void>((resolve) => ui.on('connect', () => resolve()));
      await ui.emitWithAck('ui:subscribe', { rooms: [`agent:${agent.id}`] });
      const task = await json<Task>(t.call('POST', '/tasks', { as: 'operator', body: { title: 'Write the notes', type: 'product_manager', description: 'write notes.md: hello' } }), 201);
      await waitFor('the task to complete', async () => (await json<Task>(t.call('GET', `/tasks/${task.id}`), 200)).status === 'completed');
      const stored = await json<{ items: ProgressItem[] }>(t.call('GET', `/tasks/${task.id}/output`), 200);
      expect(stored.items.map((i) => i.kind)).toEqual(expect.arrayContaining(['step', 'tool_call', 'tool_result', 'text']));
      expect(stored.items.some((i) => i.kind === 'tool_call' && i.message.startsWith('write_file'))).toBe(true);
      await waitFor('the live output', async () => live.filter((i) => i.taskId === task.id).length >= stored.items.length, 5000, 50);
    } finally {
      ui.close();
    }
  });
});
