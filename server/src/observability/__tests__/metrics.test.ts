import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, Task } from '../../../../shared/index.js';
import { createTestApp, type TestApp } from '../../../test-support/app.js';
import { waitFor } from '../../../test-support/wait.js';
import { OFFLINE_MODEL_ID } from '../../model/offline.js';

/** The value of one series in Prometheus text, or undefined when the series is missing. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('Prometheus /metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('reports tasks by state, queue depth by type, agents, sockets and HTTP latency by route pattern', async () => {
    for (let i = 0; i < 3; i++) await t.call('POST', '/tasks', { as: 'operator', body: { title: `m${i}` } });
    await t.call('POST', '/tasks', { as: 'operator', body: { title: 'typed', type: 'qa' } });
    await t.call('POST', '/agents', { as: 'operator', body: { name: 'metered', type: 'qa' } });
    const task = (await (await t.call('POST', '/tasks', { as: 'operator', body: { title: 'x' } })).json()) as { id: string };
    await t.call('GET', `/tasks/${task.id}`);
    const res = await t.app.request('/metrics');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/hive_tasks\{status="ready"\} 5/);
    expect(sample(text, 'hive_queue_depth{type="any"}')).toBe(4);
    expect(sample(text, 'hive_queue_depth{type="qa"}')).toBe(1);
    // A type with nothing waiting reads 0 instead of vanishing.
    expect(sample(text, 'hive_queue_depth{type="backend"}')).toBe(0);
    expect(text).toMatch(/hive_agents\{status="created",runtime="process"\} 1/);
    expect(text).toMatch(/hive_socket_clients\{namespace="ui"\} 0/);
    expect(text).toContain('hive_http_request_duration_seconds_count{method="POST",route="/api/v1/tasks",status="201"} 5');
    // Route patterns, never raw ids, so series stay few.
    expect(text).toContain('route="/api/v1/tasks/:id"');
    expect(text).not.toContain(task.id);
    expect(text).toContain('hive_process_resident_memory_bytes');
  });
});

describe('Prometheus /metrics after real work', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite', { reachableHub: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('measures spawn, dispatch, sockets and model usage when an agent on the offline model completes a task', async () => {
    const agent = (await (await t.call('POST', '/agents', { as: 'operator', body: { name: 'worker', type: 'qa', start: true } })).json()) as Agent;
    await waitFor('the agent to connect', async () => (await t.services.store.agents.get(agent.id))?.status === 'idle', 30_000);
    const created = (await (
      await t.call('POST', '/tasks', { as: 'operator', body: { title: 'Measure me', type: 'qa', description: 'write m.txt: measured' } })
    ).json()) as Task;
    const done = await waitFor('the task to complete', async () => {
      const task = await t.services.store.tasks.get(created.id);
      return task?.status === 'completed' && task;
    }, 60_000);
    // The agent goes back to idle after reporting; the gauges read the store at scrape time.
    await waitFor('the agent to be idle again', async () => (await t.services.store.agents.get(agent.id))?.status === 'idle');

    const text = await (await t.app.request('/metrics')).text();
    expect(sample(text, 'hive_tasks{status="completed"}')).toBe(1);
    expect(sample(text, 'hive_queue_depth{type="qa"}')).toBe(0);
    expect(sample(text, 'hive_agents{status="idle",runtime="process"}')).toBe(1);
    expect(sample(text, 'hive_socket_clients{namespace="agents"}')).toBe(1);

    // Spawn: one process agent, from start to its worker connecting; a real process takes a while.
    expect(sample(text, 'hive_agent_spawn_seconds_count{runtime="process"}')).toBe(1);
    const spawn = sample(text, 'hive_agent_spawn_seconds_sum{runtime="process"}')!;
    expect(spawn).toBeGreaterThan(0.01);
    expect(spawn).toBeLessThan(30);

    // Dispatch: created → running of this one task, as the store recorded it.
    expect(sample(text, 'hive_task_dispatch_latency_seconds_count')).toBe(1);
    const dispatch = sample(text, 'hive_task_dispatch_latency_seconds_sum')!;
    expect(dispatch).toBeCloseTo((Date.parse(done.startedAt!) - Date.parse(done.createdAt)) / 1000, 3);
    expect(dispatch).toBeGreaterThan(0);

    // Model usage: the tokens the task was charged, by model and direction; the offline model is free.
    const input = sample(text, `hive_model_tokens_total{model="${OFFLINE_MODEL_ID}",direction="input"}`)!;
    const output = sample(text, `hive_model_tokens_total{model="${OFFLINE_MODEL_ID}",direction="output"}`)!;
    expect(input).toBeGreaterThan(0);
    expect(output).toBeGreaterThan(0);
    expect(input + output).toBe(done.tokensUsed);
    expect(sample(text, `hive_model_cost_usd_total{model="${OFFLINE_MODEL_ID}"}`)).toBe(0);

    // The REST calls above, by route pattern.
    expect(sample(text, 'hive_http_request_duration_seconds_count{method="POST",route="/api/v1/agents",status="201"}')).toBe(1);
    expect(sample(text, 'hive_http_request_duration_seconds_count{method="POST",route="/api/v1/tasks",status="201"}')).toBe(1);
  });
});
