/** What a worker reports on the /agents namespace, sent by a raw socket acting as the worker. */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_EVENTS, type AgentStatus, type DomainEvent, type Task, type TaskAssignment } from '../../../../shared/index.js';
import { createTestApp, type TestApp } from '../../../test-support/app.js';
import { waitFor } from '../../../test-support/wait.js';
import { sha256 } from '../../auth/secrets.js';
import { ERROR_EVENT } from '../validated-handler.js';

let t: TestApp;
let worker: Socket;
const errors: Array<{ event: string; code: string; message: string }> = [];
const agentId = crypto.randomUUID();
const otherId = crypto.randomUUID();
beforeAll(async () => {
  t = await createTestApp('pglite');
  const token = 'progress-test-token';
  for (const [id, name] of [[agentId, 'reporter'], [otherId, 'bystander']] as const) {
    await t.services.store.agents.insert({ id, name, type: 'backend', status: 'idle', runtime: 'process', promptVersion: 1, tokenHash: sha256(token) });
  }
  worker = io(`${t.hub.url}/agents`, { auth: { agentId, token }, transports: ['websocket'], reconnection: false, forceNew: true });
  worker.on(ERROR_EVENT, (e: { event: string; code: string; message: string }) => errors.push(e));
  await new Promise<void>((resolve, reject) => {
    worker.once('connect', () => resolve());
    worker.once('connect_error', reject);
  });
});
afterAll(async () => {
  worker?.close();
  await t?.close();
});

const runningTask = async (assignee: string) =>
  (await t.services.store.tasks.insert({ id: crypto.randomUUID(), title: 'reported', status: 'running', assignedAgentId: assignee, createdBy: 'test' })).id;

describe('progress from an agent', () => {
  it('stores the output of its own task, in order, and refuses output for a task that is not its own', async () => {
    const mine = await runningTask(agentId);
    const theirs = await runningTask(otherId);
    // Sent back to back, as a worker does: they are stored together, in the order sent.
    for (let n = 0; n < 4; n++) worker.emit(AGENT_EVENTS.progress, { taskId: mine, kind: 'log', message: `line ${n}` });
    worker.emit(AGENT_EVENTS.progress, { taskId: theirs, kind: 'log', message: 'not mine' });
    worker.emit(AGENT_EVENTS.progress, { taskId: mine, kind: 'text', message: 'last' });
    await waitFor('the output to be stored', async () => (await t.services.store.taskOutput.list(mine, 0, 10)).length === 5);
    await waitFor('the refusal', async () => errors.length > 0);
    expect((await t.services.store.taskOutput.list(mine, 0, 10)).map((o) => o.message)).toEqual(['line 0', 'line 1', 'line 2', 'line 3', 'last']);
    expect(await t.services.store.taskOutput.list(theirs, 0, 10)).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ event: AGENT_EVENTS.progress, code: 'FORBIDDEN', message: `task ${theirs} is not assigned to you` })]);
  });
});

describe('the agent status around a task', () => {
  it('is busy while the task runs and idle after it, written once each way, each in its task move\'s commit', async () => {
    // Writes on their own (AgentService.setStatus): the task's start and end make none.
    const writes: string[] = [];
    const commits: string[][] = [];
    const off = t.services.store.onEvents((events: DomainEvent[]) => {
      const mine = events.filter((e) => e.subject === `agent:${agentId}` || e.type === 'task.updated');
      if (mine.some((e) => e.subject === `agent:${agentId}`)) commits.push(mine.map((e) => `${e.subject.split(':')[0]} ${String(e.payload.status)}`));
    });
    const { agents } = t.services;
    const setStatus = agents.setStatus.bind(agents);
    agents.setStatus = (actor: string, id: string, from: readonly AgentStatus[], to: AgentStatus, ...rest) => {
      if (id === agentId) writes.push(`${from.join('|')}>${to}`);
      return setStatus(actor, id, from, to, ...rest);
    };
    const offered: TaskAssignment[] = [];
    worker.on(AGENT_EVENTS.assign, (a: TaskAssignment, ack: (r: { accepted: boolean }) => void) => {
      offered.push(a);
      ack({ accepted: true });
    });
    try {
      const task = (await (await t.call('POST', '/tasks', { as: 'operator', body: { title: 'status', type: 'backend' } })).json()) as Task;
      await waitFor('the offer', async () => offered.some((a) => a.task.id === task.id));
      worker.emit(AGENT_EVENTS.started, { taskId: task.id });
      await waitFor('the agent to be busy', async () => (await agents.get(agentId)).status === 'busy');
      const done = (await worker.timeout(5000).emitWithAck(AGENT_EVENTS.result, { taskId: task.id, result: { ok: true } })) as { ok: boolean };
      expect(done.ok).toBe(true);
      expect(await worker.timeout(5000).emitWithAck(AGENT_EVENTS.ready, {})).toMatchObject({ ok: true });
      expect((await agents.get(agentId)).status).toBe('idle');
      expect(writes).toEqual([]); // agent:ready does not write idle again
      expect(commits).toEqual([['task running', 'agent busy'], ['task completed', 'agent idle']]);
      const events = await t.services.store.events.listAfter({ after: 0, limit: 1000, subject: `agent:${agentId}` });
      expect(events.map((e) => e.payload.status).slice(-2)).toEqual(['busy', 'idle']);
    } finally {
      off();
      agents.setStatus = setStatus;
      worker.off(AGENT_EVENTS.assign);
    }
  });

  it('stays as it was when the task move is refused, and the worker hears the refusal', async () => {
    const theirs = await runningTask(otherId);
    expect((await t.services.agents.get(agentId)).status).toBe('idle');
    const refused = await worker.timeout(5000).emitWithAck(AGENT_EVENTS.started, { taskId: theirs });
    expect(refused).toEqual({ ok: false, error: { code: 'CONFLICT', message: `task ${theirs} is not assigned to agent ${agentId}` } });
    expect((await t.services.agents.get(agentId)).status).toBe('idle');
  });
});
