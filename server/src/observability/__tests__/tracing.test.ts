/**
 * One trace per task, from the REST request through the scheduler and the agent worker (a
 * separate process on the offline model) to the persisted result, exported by the real OTLP
 * exporters of the hub and the worker to a receiver on loopback.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, Task } from '../../../../shared/index.js';
import { createTestApp, type TestApp } from '../../../test-support/app.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../../../test-support/otlp-receiver.js';
import { waitFor } from '../../../test-support/wait.js';
import { OFFLINE_MODEL_ID } from '../../model/offline.js';
import { createLogger } from '../logger.js';
import { initTracing, tracingWorkerEnv, type Tracing } from '../tracing.js';

const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;
const CONSUMER = 5;

let receiver: OtlpReceiver;
let tracing: Tracing;
let t: TestApp;
const logLines: Record<string, unknown>[] = [];

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  tracing = (await initTracing({ serviceName: 'hive-hub', version: 'test', endpoint: receiver.url, env: {} }))!;
  const logger = createLogger('info', { write: (line: string) => void logLines.push(JSON.parse(line) as Record<string, unknown>) });
  // Workers flush their spans every 100 ms instead of the default 5 s.
  t = await createTestApp('pglite', { reachableHub: true, logger, workerEnv: { OTEL_BSP_SCHEDULE_DELAY: '100' } });
});
afterAll(async () => {
  await t?.close();
  await tracing?.shutdown();
  await receiver?.close();
});

async function json<T>(res: Promise<Response>, status: number): Promise<T> {
  const r = await res;
  expect(r.status, await r.clone().text()).toBe(status);
  return (await r.json()) as T;
}

const createTask = (title: string, headers: Record<string, string> = {}) =>
  json<Task>(t.call('POST', '/tasks', { as: 'operator', headers, body: { title, type: 'qa', description: `write ${title}.txt: traced` } }), 201);

const completed = (id: string) =>
  waitFor(`task ${id} to complete`, async () => {
    const task = await t.services.store.tasks.get(id);
    return task?.status === 'completed' && task;
  }, 60_000);

/** The spans of the task's trace, once the hub's and the worker's have all arrived. */
async function traceOf(taskId: string): Promise<ReceivedSpan[]> {
  return waitFor(`the spans of task ${taskId}`, async () => {
    await tracing.forceFlush();
    const traceId = receiver.spans.find((s) => s.name === 'task.create' && s.attributes['hive.task.id'] === taskId)?.traceId;
    const spans = receiver.spans.filter((s) => s.traceId === traceId);
    const names = new Set(spans.map((s) => s.name));
    const want = ['POST /api/v1/tasks', 'task.create', 'scheduler.claim', 'task.dispatch', 'agent.task', `chat ${OFFLINE_MODEL_ID}`, 'hub.task_started', 'hub.task_result', 'scheduler.complete'];
    return traceId !== undefined && want.every((n) => names.has(n)) && spans;
  }, 20_000, 200);
}

/** Check the chain REST → create → claim/dispatch → agent (model call) → result persisted. */
function expectLinked(spans: ReceivedSpan[], taskId: string) {
  const one = (name: string) => {
    const found = spans.filter((s) => s.name === name);
    expect(found, name).toHaveLength(1);
    return found[0]!;
  };
  const http = one('POST /api/v1/tasks');
  expect(http).toMatchObject({ service: 'hive-hub', kind: SERVER });
  expect(http.attributes).toMatchObject({ 'http.route': '/api/v1/tasks', 'http.response.status_code': 201 });
  const create = one('task.create');
  expect(create.parentSpanId).toBe(http.spanId);
  const claim = one('scheduler.claim');
  const dispatch = one('task.dispatch');
  expect(dispatch).toMatchObject({ kind: PRODUCER, attributes: expect.objectContaining({ 'hive.dispatch.accepted': true }) });
  // The claim and the dispatch continue the trace the create span started.
  expect(claim.parentSpanId).toBe(create.spanId);
  expect(dispatch.parentSpanId).toBe(create.spanId);
  // The worker (its own process) continues from the dispatch through the assignment's traceparent.
  const work = one('agent.task');
  expect(work).toMatchObject({ service: 'hive-agent', kind: CONSUMER, parentSpanId: dispatch.spanId });
  // The offline model takes two turns here: the tool call, then the summary.
  const chats = spans.filter((s) => s.name === `chat ${OFFLINE_MODEL_ID}`);
  expect(chats).toHaveLength(2);
  for (const chat of chats) {
    expect(chat).toMatchObject({ service: 'hive-agent', kind: CLIENT, parentSpanId: work.spanId });
    expect(chat.attributes['gen_ai.usage.input_tokens']).toBeGreaterThan(0);
  }
  expect(spans.some((s) => s.name.startsWith('execute_tool ') && s.parentSpanId === work.spanId)).toBe(true);
  // Back on the hub: the worker's reports are handled in the task's trace, the result persisted.
  expect(one('hub.task_started')).toMatchObject({ service: 'hive-hub', parentSpanId: work.spanId });
  const result = one('hub.task_result');
  expect(result).toMatchObject({ service: 'hive-hub', kind: SERVER, parentSpanId: work.spanId });
  expect(one('scheduler.complete').parentSpanId).toBe(result.spanId);
  // Every span that names a task names this one.
  for (const s of spans) if ('hive.task.id' in s.attributes) expect(s.attributes['hive.task.id'], s.name).toBe(taskId);
  return http;
}

describe('OpenTelemetry traces', () => {
  it('workers are told where to export', () => {
    expect(tracingWorkerEnv()).toEqual({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.url}/v1/traces` });
  });

  it('link REST → scheduler → agent → result in one trace, whether the task waited for an agent or not', async () => {
    // Created before any agent exists: claimed later, when the agent says ready, outside the request.
    const waited = await createTask('waited');
    const agent = await json<Agent>(t.call('POST', '/agents', { as: 'operator', body: { name: 'tracer', type: 'qa', start: true } }), 201);
    await completed(waited.id);
    await waitFor('the agent to be idle', async () => (await t.services.store.agents.get(agent.id))?.status === 'idle');

    // Created while the agent is idle, by a caller with its own trace context: the hub continues it.
    const callerTrace = randomBytes(16).toString('hex');
    const callerSpan = randomBytes(8).toString('hex');
    const direct = await createTask('direct', { traceparent: `00-${callerTrace}-${callerSpan}-01` });
    await completed(direct.id);

    const first = expectLinked(await traceOf(waited.id), waited.id);
    const second = expectLinked(await traceOf(direct.id), direct.id);
    expect(second).toMatchObject({ traceId: callerTrace, parentSpanId: callerSpan });
    expect(first.traceId).not.toBe(second.traceId);
    expect(receiver.rejected).toBe(0);

    // The request's log line carries its request id, the task id and the trace id.
    const line = logLines.find((l) => l.msg === 'request' && l.route === '/api/v1/tasks' && l.taskId === direct.id);
    expect(line).toMatchObject({ method: 'POST', status: 201, traceId: callerTrace, requestId: expect.any(String) });
    expect(line!.requestId).toBe(second.attributes['hive.request_id']);
  });
});
