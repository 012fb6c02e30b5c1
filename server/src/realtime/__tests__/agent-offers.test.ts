/**
 * How the hub takes a task back from a worker, sent by a raw socket acting as the worker: an
 * offer answered too late is withdrawn (the worker cannot act on it while it is released and
 * offered again), one that never reached the worker leaves it free, and a task cancelled by a
 * person is stopped on the worker holding it.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_EVENTS, type HubRequestResult, type Task, type TaskAssignment, type TaskCancel } from '../../../../shared/index.js';
import { createTestApp, type TestApp } from '../../../test-support/app.js';
import { waitFor } from '../../../test-support/wait.js';
import { sha256 } from '../../auth/secrets.js';

const OFFER_TIMEOUT_MS = 300;
let t: TestApp;
let worker: Socket;
const agentId = crypto.randomUUID();
const cancels: TaskCancel[] = [];

beforeAll(async () => {
  t = await createTestApp('pglite', { offerTimeoutMs: OFFER_TIMEOUT_MS });
  const token = 'offers-test-token';
  await t.services.store.agents.insert({ id: agentId, name: 'late', type: 'devops', status: 'idle', runtime: 'process', promptVersion: 1, tokenHash: sha256(token) });
  worker = io(`${t.hub.url}/agents`, { auth: { agentId, token }, transports: ['websocket'], reconnection: false, forceNew: true });
  worker.on(AGENT_EVENTS.cancel, (c: TaskCancel) => cancels.push(c));
  await new Promise<void>((resolve, reject) => {
    worker.once('connect', () => resolve());
    worker.once('connect_error', reject);
  });
});
afterEach(() => {
  worker.off(AGENT_EVENTS.assign);
});
afterAll(async () => {
  worker?.close();
  await t?.close();
});

const request = (event: string, payload: unknown) => worker.timeout(5000).emitWithAck(event, payload) as Promise<HubRequestResult<{ id: string }>>;
const createTask = async (title: string) =>
  (await (await t.call('POST', '/tasks', { as: 'operator', body: { title, type: 'devops' } })).json()) as Task;
const getTask = async (id: string) => (await (await t.call('GET', `/tasks/${id}`)).json()) as Task;
const subtasksOf = async (id: string) => (await t.services.store.tasks.list({ limit: 50, offset: 0 })).items.filter((x) => x.parentTaskId === id);

describe('an offer the worker answers too late', () => {
  it('is withdrawn: the worker is told, cannot act on the task, gets no other offer until ready, then gets it again', async () => {
    const offers: string[] = [];
    let lateAnswer: Promise<HubRequestResult<{ id: string }>> | undefined;
    worker.on(AGENT_EVENTS.assign, (a: TaskAssignment, ack: (r: { accepted: boolean }) => void) => {
      offers.push(a.task.id);
      if (offers.length > 1) return ack({ accepted: true });
      // A stalled worker: it accepts after the hub gave up, and at once asks for a subtask.
      setTimeout(() => {
        ack({ accepted: true });
        lateAnswer = request(AGENT_EVENTS.createSubtask, { title: 'from a withdrawn run', type: 'qa', parentTaskId: a.task.id });
      }, OFFER_TIMEOUT_MS * 3);
    });
    const task = await createTask('Answered late');

    await waitFor('the withdrawal', async () => cancels.some((c) => c.taskId === task.id));
    expect(cancels.find((c) => c.taskId === task.id)!.reason).toContain('too late');
    await waitFor('the late answer', async () => lateAnswer !== undefined);
    expect(await lateAnswer).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: `task ${task.id} was withdrawn from you: your answer to its offer came too late` } });
    expect(await subtasksOf(task.id)).toEqual([]);
    await waitFor('the task to be released', async () => (await getTask(task.id)).status === 'ready');
    // The worker has not said it is free: no second offer yet, though the task is ready and matches.
    await new Promise((r) => setTimeout(r, OFFER_TIMEOUT_MS * 2));
    expect(offers).toEqual([task.id]);

    expect(await worker.timeout(5000).emitWithAck(AGENT_EVENTS.ready, {})).toMatchObject({ ok: true });
    await waitFor('the task offered again', async () => offers.length === 2);
    expect(offers).toEqual([task.id, task.id]);
    expect(await request(AGENT_EVENTS.started, { taskId: task.id })).toMatchObject({ ok: true });
    expect(await getTask(task.id)).toMatchObject({ status: 'running', assignedAgentId: agentId, attempts: 1 });
    // Offered again, it is the worker's once more (the subtask is for qa: this worker is not offered it).
    expect(await request(AGENT_EVENTS.createSubtask, { title: 'from the real run', type: 'qa', parentTaskId: task.id })).toMatchObject({ ok: true });
    expect((await subtasksOf(task.id)).map((x) => x.title)).toEqual(['from the real run']);
    expect(await request(AGENT_EVENTS.result, { taskId: task.id, result: { ok: true } })).toMatchObject({ ok: true });
    expect(await worker.timeout(5000).emitWithAck(AGENT_EVENTS.ready, {})).toMatchObject({ ok: true });
  });
});

describe('an offer that never reached the worker', () => {
  it('leaves the agent free: the dispatcher gave up while the prompt was read, so nothing is withdrawn', { timeout: 60_000 }, async () => {
    // A second worker, of a type no other task here has and whose prompt is not cached yet; its
    // first prompt read hangs.
    const architectId = crypto.randomUUID();
    const token = 'offers-test-token-qa';
    await t.services.store.agents.insert({ id: architectId, name: 'prompt-stuck', type: 'architect', status: 'idle', runtime: 'process', promptVersion: 1, tokenHash: sha256(token) });
    const { agentTypes } = t.services.store;
    const getPrompt = agentTypes.getPrompt.bind(agentTypes);
    let reads = 0;
    agentTypes.getPrompt = (...args) => (++reads === 1 ? new Promise(() => undefined) : getPrompt(...args));
    const architect = io(`${t.hub.url}/agents`, { auth: { agentId: architectId, token }, transports: ['websocket'], reconnection: false, forceNew: true });
    const assigned: string[] = [];
    const told: TaskCancel[] = [];
    architect.on(AGENT_EVENTS.assign, (a: TaskAssignment, ack: (r: { accepted: boolean }) => void) => {
      assigned.push(a.task.id);
      ack({ accepted: true });
    });
    architect.on(AGENT_EVENTS.cancel, (c: TaskCancel) => told.push(c));
    try {
      await new Promise<void>((resolve, reject) => {
        architect.once('connect', () => resolve());
        architect.once('connect_error', reject);
      });
      const task = (await (await t.call('POST', '/tasks', { as: 'operator', body: { title: 'Prompt read hangs', type: 'architect' } })).json()) as Task;
      // The dispatcher's bound on an offer (10 s) passes; the task is offered again at once,
      // without the worker having to say it is ready: it never had the first offer.
      await waitFor('the task to reach the worker', async () => assigned.includes(task.id), 30_000);
      expect(assigned).toEqual([task.id]);
      expect(told).toEqual([]);
      await waitFor('the assignment', async () => (await getTask(task.id)).assignedAgentId === architectId);
    } finally {
      agentTypes.getPrompt = getPrompt;
      architect.close();
    }
  });
});

describe('a task cancelled while a worker holds it', () => {
  it('is stopped on the worker, which is then free for the next', async () => {
    worker.on(AGENT_EVENTS.assign, (_a: TaskAssignment, ack: (r: { accepted: boolean }) => void) => ack({ accepted: true }));
    const task = await createTask('Cancelled midway');
    await waitFor('the assignment', async () => (await getTask(task.id)).assignedAgentId === agentId);
    expect(await request(AGENT_EVENTS.started, { taskId: task.id })).toMatchObject({ ok: true });
    expect((await t.call('POST', `/tasks/${task.id}/cancel`, { as: 'operator', body: { reason: 'not needed' } })).status).toBe(200);
    await waitFor('the worker to be told', async () => cancels.some((c) => c.taskId === task.id));
    expect(cancels.find((c) => c.taskId === task.id)).toEqual({ taskId: task.id, reason: 'the task was cancelled' });

    // The worker drops it and says it is free: the agent is idle and takes the next task.
    expect(await worker.timeout(5000).emitWithAck(AGENT_EVENTS.ready, {})).toMatchObject({ ok: true });
    await waitFor('the agent to be idle', async () => (await t.services.agents.get(agentId)).status === 'idle');
    const next = await createTask('The next one');
    await waitFor('the next task to be offered', async () => (await getTask(next.id)).assignedAgentId === agentId);
    expect((await getTask(task.id)).status).toBe('cancelled');
  });
});
