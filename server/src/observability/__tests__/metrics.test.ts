import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test-support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp('pglite');
});
afterAll(async () => {
  await t?.close();
});

describe('Prometheus /metrics', () => {
  it('reports tasks by state, queue depth, agents, sockets and HTTP latency by route pattern', async () => {
    for (let i = 0; i < 3; i++) await t.call('POST', '/tasks', { as: 'operator', body: { title: `m${i}` } });
    await t.call('POST', '/agents', { as: 'operator', body: { name: 'metered', type: 'qa' } });
    const task = (await (await t.call('POST', '/tasks', { as: 'operator', body: { title: 'x' } })).json()) as { id: string };
    await t.call('GET', `/tasks/${task.id}`);
    const res = await t.app.request('/metrics');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/hive_tasks\{status="ready"\} 4/);
    expect(text).toMatch(/hive_queue_depth 4/);
    expect(text).toMatch(/hive_agents\{status="created",runtime="process"\} 1/);
    expect(text).toMatch(/hive_socket_clients\{namespace="ui"\} 0/);
    expect(text).toContain('hive_http_request_duration_seconds_count{method="POST",route="/api/v1/tasks",status="201"} 4');
    // Route patterns, never raw ids, so series stay few.
    expect(text).toContain('route="/api/v1/tasks/:id"');
    expect(text).not.toContain(task.id);
    expect(text).toContain('hive_process_resident_memory_bytes');
  });
});
