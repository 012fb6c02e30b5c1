import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, DomainEvent, Session, Task } from '../../../../shared/index.js';
import { createTestApp, type TestApp } from '../../../test-support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

async function json<T>(res: Promise<Response>, status: number): Promise<T> {
  const r = await res;
  expect(r.status, await r.clone().text()).toBe(status);
  return (await r.json()) as T;
}

describe('tasks', () => {
  it('wait for their dependencies and become ready when all complete', async () => {
    const a = await json<Task>(t.call('POST', '/tasks', { body: { title: 'design' } }), 201);
    const b = await json<Task>(t.call('POST', '/tasks', { body: { title: 'build' } }), 201);
    const c = await json<Task>(t.call('POST', '/tasks', { body: { title: 'ship', dependencies: [a.id, b.id] } }), 201);
    expect(c.status).toBe('pending');
    const agent = await json<Agent>(t.call('POST', '/agents', { body: { name: 'worker', type: 'backend' } }), 201);
    for (const task of [a, b]) {
      await json(t.call('POST', `/tasks/${task.id}/assign`, { body: { agentId: agent.id } }), 200);
      await json(t.call('POST', `/tasks/${task.id}/complete`, { body: { result: { ok: true } } }), 200);
      const now = await json<Task>(t.call('GET', `/tasks/${c.id}`), 200);
      expect(now.status).toBe(task === a ? 'pending' : 'ready');
    }
  });

  it('applies a completion delivered twice once', async () => {
    const task = await json<Task>(t.call('POST', '/tasks', { body: { title: 'once' } }), 201);
    const agent = await json<Agent>(t.call('POST', '/agents', { body: { name: 'w2', type: 'qa' } }), 201);
    await json(t.call('POST', `/tasks/${task.id}/assign`, { body: { agentId: agent.id } }), 200);
    const first = await json<Task>(t.call('POST', `/tasks/${task.id}/complete`, { body: { result: { n: 1 } } }), 200);
    const second = await json<Task>(t.call('POST', `/tasks/${task.id}/complete`, { body: { result: { n: 2 } } }), 200);
    expect(second.result).toEqual({ n: 1 });
    expect(second.completedAt).toBe(first.completedAt);
    const events = await json<{ items: DomainEvent[] }>(t.call('GET', `/events?subject=task:${task.id}&limit=50`), 200);
    expect(events.items.filter((e) => e.payload.status === 'completed')).toHaveLength(1);
  });

  it('refuses moves the state machine does not allow, saying from where to where', async () => {
    const task = await json<Task>(t.call('POST', '/tasks', { body: { title: 'finished' } }), 201);
    await json(t.call('POST', `/tasks/${task.id}/cancel`, { body: {} }), 200);
    const res = await json<{ code: string; details: { from: string; to: string } }>(
      t.call('POST', `/tasks/${task.id}/complete`, { body: { result: {} } }),
      409,
    );
    expect(res).toMatchObject({ code: 'INVALID_TRANSITION', details: { from: 'cancelled', to: 'completed' } });
  });

  it('refuses text the database cannot store (a NUL character) with a 422 naming the field, not a 500', async () => {
    const task = (await (await t.call('POST', '/tasks', { as: 'operator', body: { title: 'nul' } })).json()) as Task;
    const res = await t.call('POST', `/tasks/${task.id}/cancel`, { as: 'operator', body: { reason: 'a\u0000b' } });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { details: { issues: { path: string }[] } }).details.issues[0]!.path).toBe('reason');
    const nested = await t.call('POST', '/tasks', { as: 'operator', body: { title: 'ok', context: { notes: ['fine', 'bad\u0000'] } } });
    expect(((await nested.json()) as { details: { issues: { path: string }[] } }).details.issues[0]!.path).toBe('context.notes.1');
  });

  it('names the dependency that does not exist', async () => {
    const real = await json<Task>(t.call('POST', '/tasks', { body: { title: 'real' } }), 201);
    const res = await json<{ details: { issues: { path: string }[] } }>(
      t.call('POST', '/tasks', { body: { title: 'x', dependencies: [real.id, crypto.randomUUID()] } }),
      422,
    );
    expect(res.details.issues[0]!.path).toBe('dependencies.1');
  });

  it('filters by status and paginates', async () => {
    const page = await json<{ items: Task[]; total: number; limit: number }>(t.call('GET', '/tasks?status=completed&limit=1'), 200);
    expect(page.limit).toBe(1);
    expect(page.items).toHaveLength(1);
    expect(page.total).toBeGreaterThanOrEqual(3);
    expect(page.items.every((x) => x.status === 'completed')).toBe(true);
  });
});

describe('sessions', () => {
  it('create their roster of agents on start and stop them on stop', async () => {
    const s = await json<Session>(
      t.call('POST', '/sessions', { body: { name: 'trio', agents: [{ type: 'backend', count: 2 }, { type: 'qa' }] } }),
      201,
    );
    await json(t.call('POST', `/sessions/${s.id}/start`), 200);
    const agents = await json<{ items: Agent[] }>(t.call('GET', `/agents?sessionId=${s.id}`), 200);
    expect(agents.items.map((a) => a.type).sort()).toEqual(['backend', 'backend', 'qa']);
    await json(t.call('POST', `/sessions/${s.id}/start`), 200); // idempotent: no second roster
    expect((await json<{ total: number }>(t.call('GET', `/agents?sessionId=${s.id}`), 200)).total).toBe(3);
    await json(t.call('POST', `/sessions/${s.id}/stop`), 200);
    const stopped = await json<{ items: Agent[] }>(t.call('GET', `/agents?sessionId=${s.id}&status=stopped`), 200);
    expect(stopped.items).toHaveLength(3);
  });
});

describe('context', () => {
  it('finds stored entries by shared vocabulary, best match first', async () => {
    await json(t.call('POST', '/context', { body: { content: 'The billing service retries failed card payments three times' } }), 201);
    await json(t.call('POST', '/context', { body: { content: 'Frontend uses Lit components and a service worker' } }), 201);
    const hits = await json<{ items: { content: string; score: number }[] }>(
      t.call('POST', '/context/search', { body: { query: 'how are card payments retried?', limit: 2 } }),
      200,
    );
    expect(hits.items[0]!.content).toContain('billing');
    expect(hits.items[0]!.score).toBeGreaterThan(hits.items[1]!.score);
  });
});

describe('system', () => {
  it('sleeps and wakes the whole system with a checkpoint, refusing a double sleep', async () => {
    await json(t.call('POST', '/system/sleep', { body: { reason: 'maintenance' } }), 200);
    expect((await json<{ sleeping: boolean }>(t.call('GET', '/system/status'), 200)).sleeping).toBe(true);
    await json(t.call('POST', '/system/sleep', { body: {} }), 409);
    const cycle = await json<{ wokeAt: string; checkpointId: string }>(t.call('POST', '/system/wake', { body: {} }), 200);
    expect(cycle.wokeAt).toBeTruthy();
    const cps = await json<{ items: { id: string; kind: string; state: { tasks: object } }[] }>(t.call('GET', '/system/checkpoints'), 200);
    expect(cps.items.find((c) => c.id === cycle.checkpointId)?.kind).toBe('sleep');
  });

  it('answers 404 in the error shape for unknown API paths', async () => {
    const res = await json<{ code: string }>(t.call('GET', '/nothing-here'), 404);
    expect(res.code).toBe('NOT_FOUND');
  });

  it('refuses non-JSON bodies and oversized bodies with 4xx', async () => {
    const form = await t.app.request('/api/v1/tasks', {
      method: 'POST',
      headers: { authorization: `Bearer ${t.tokens.admin}`, 'content-type': 'text/plain' },
      body: 'title=x',
    });
    expect(form.status).toBe(400);
    const big = await t.call('POST', '/tasks', { body: { title: 'big', description: 'x'.repeat(5 * 1024 * 1024) } });
    expect(big.status).toBe(413);
  });
});
