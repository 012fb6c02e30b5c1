import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, CreateTaskInput, DomainEvent } from '../../../../shared/index.js';
import { openTestStore, STORE_KINDS, type StoreFixture } from '../../../test-support/stores.js';
import { TaskScheduler, type AgentMove } from '../task-scheduler.js';
import { TaskService } from '../task-service.js';

describe.each(STORE_KINDS)('TaskScheduler on %s', (kind) => {
  let fx: StoreFixture;
  let scheduler: TaskScheduler;
  let tasks: TaskService;
  beforeAll(async () => {
    fx = await openTestStore(kind);
    scheduler = new TaskScheduler(fx.store, { leaseMs: 200, retryBaseMs: 50, retryMaxMs: 1000 });
    tasks = new TaskService(fx.store, scheduler);
  });
  afterAll(async () => {
    await fx?.close();
  });

  const make = (input: Partial<CreateTaskInput> & { title: string }) =>
    tasks.create('test', { description: '', requiredCapabilities: [], priority: 50, dependencies: [], context: {}, maxAttempts: 3, ...input });
  const agent = async (type: Agent['type'], capabilities: string[]) =>
    fx.store.agents.insert({ id: crypto.randomUUID(), name: `${type}-agent`, type, capabilities, status: 'idle', runtime: 'process', promptVersion: 1 });

  it('claims by type, capabilities and priority, highest first', async () => {
    const low = await make({ title: 'low', type: 'devops', priority: 10 });
    const high = await make({ title: 'high', type: 'devops', priority: 90 });
    const needsK8s = await make({ title: 'k8s', type: 'devops', priority: 100, requiredCapabilities: ['kubernetes'] });
    await make({ title: 'for qa', type: 'qa', priority: 100 });
    const ops = await agent('devops', ['docker']);
    expect((await scheduler.claimFor(ops))?.id).toBe(high.id);
    // Until the agent starts it, a claimed task is offered to it again (it may have been lost).
    expect((await scheduler.claimFor(ops))?.id).toBe(high.id);
    await scheduler.start(high.id, ops.id);
    expect((await scheduler.claimFor(ops))?.id).toBe(low.id);
    await scheduler.start(low.id, ops.id);
    expect(await scheduler.claimFor(ops)).toBeNull(); // the k8s task needs a capability it lacks, the qa one another type
    const k8s = await agent('devops', ['docker', 'kubernetes']);
    const claimed = await scheduler.claimFor(k8s);
    expect(claimed).toMatchObject({ id: needsK8s.id, status: 'assigned', assignedAgentId: k8s.id, attempts: 1 });
  });

  it('gives each ready task to exactly one of many concurrent claimers', async () => {
    const made = await Promise.all(Array.from({ length: 5 }, (_, i) => make({ title: `race ${i}`, type: 'frontend' })));
    const claimers = await Promise.all(Array.from({ length: 8 }, () => agent('frontend', [])));
    const claimed = (await Promise.all(claimers.map((a) => scheduler.claimFor(a)))).filter(Boolean);
    expect(claimed.map((t) => t!.id).sort()).toEqual(made.map((t) => t.id).sort());
  });

  it('retries a failed attempt after a backoff, then dead-letters when the budget is spent', async () => {
    const t = await make({ title: 'flaky', type: 'architect', maxAttempts: 2 });
    const a = await agent('architect', []);
    await scheduler.claimFor(a);
    await scheduler.start(t.id, a.id);
    const retrying = await scheduler.fail(t.id, a.id, 'boom', true);
    expect(retrying.status).toBe('retrying');
    expect(Date.parse(retrying.availableAt!)).toBeGreaterThan(Date.now());
    expect((await scheduler.sweep()).requeued).toBe(0); // backoff not over yet
    await new Promise((r) => setTimeout(r, 80));
    await scheduler.sweep();
    expect((await fx.store.tasks.get(t.id))?.status).toBe('ready');
    await scheduler.claimFor(a);
    const dead = await scheduler.fail(t.id, a.id, 'boom again', true);
    expect(dead).toMatchObject({ status: 'dead_letter', attempts: 2, error: 'boom again' });
  });

  it('fails at once when the error is not retryable', async () => {
    const t = await make({ title: 'doomed', type: 'meta' });
    const a = await agent('meta', []);
    await scheduler.claimFor(a);
    expect((await scheduler.fail(t.id, a.id, 'invalid task', false)).status).toBe('failed');
  });

  it('requeues a task whose lease expired (its agent went silent), heartbeats keep it', async () => {
    const kept = await make({ title: 'kept', type: 'product_manager' });
    const lost = await make({ title: 'lost', type: 'strategic_partner' });
    const alive = await agent('product_manager', []);
    const silent = await agent('strategic_partner', []);
    await scheduler.claimFor(alive);
    await scheduler.claimFor(silent);
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 80));
      await scheduler.heartbeat([{ agentId: alive.id, heldTaskId: kept.id }]);
    }
    const swept = await scheduler.sweep();
    expect(swept.expired).toBeGreaterThanOrEqual(1);
    expect((await fx.store.tasks.get(kept.id))?.status).toBe('assigned');
    expect((await fx.store.tasks.get(lost.id))).toMatchObject({ status: 'retrying', assignedAgentId: null });
  });

  it('a heartbeat keeps only the running task the worker names (a task it moved on from expires)', async () => {
    const stale = await make({ title: 'stale', type: 'frontend' });
    const held = await make({ title: 'held', type: 'frontend' });
    const a = await agent('frontend', []);
    // Both end up running on the same agent: the first one's worker moved on without a report.
    await scheduler.claimFor(a, stale.id);
    await scheduler.start(stale.id, a.id);
    await scheduler.claimFor(a, held.id);
    await scheduler.start(held.id, a.id);
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 80));
      await scheduler.heartbeat([{ agentId: a.id, heldTaskId: held.id }]);
    }
    await scheduler.sweep();
    expect((await fx.store.tasks.get(held.id))?.status).toBe('running');
    expect((await fx.store.tasks.get(stale.id))).toMatchObject({ status: 'retrying', error: expect.stringContaining('lease expired') });
  });

  it('reads the demand of idle agents in one go: ready shapes and waiting hand-overs', async () => {
    const cap = `browser-${crypto.randomUUID()}`; // other tests' ready tasks share this store
    const a = await agent('qa', [cap]);
    const b = await agent('qa', []);
    const before = await fx.store.tasks.demand([a.id, b.id]);
    expect(before.ready.some((shape) => shape.requiredCapabilities.includes(cap))).toBe(false);
    expect(before.handedTo.size).toBe(0);
    await make({ title: 'needs the capability', type: 'qa', requiredCapabilities: [cap] });
    const handed = await make({ title: 'for b', type: 'qa' });
    await scheduler.claimFor(b, handed.id); // assigned to b, not started: waits for it
    const demand = await fx.store.tasks.demand([a.id, b.id]);
    expect(demand.ready).toContainEqual({ type: 'qa', requiredCapabilities: [cap] });
    expect([...demand.handedTo]).toEqual([b.id]);
  });

  it('start and complete: repeats are idempotent, and a refused move names why', async () => {
    const t = await make({ title: 'moves', type: 'backend' });
    const a = await agent('backend', []);
    const other = await agent('backend', []);
    const ghost = crypto.randomUUID();
    await expect(scheduler.start(ghost, a.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(scheduler.complete(ghost, {}, 'test', a.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(scheduler.start(t.id, a.id)).rejects.toMatchObject({ code: 'CONFLICT' }); // ready: nobody holds it
    await expect(scheduler.complete(t.id, {}, 'test')).rejects.toMatchObject({ code: 'INVALID_TRANSITION', details: { from: 'ready', to: 'completed' } });
    await scheduler.claimFor(a, t.id);
    await expect(scheduler.start(t.id, other.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(scheduler.complete(t.id, {}, 'test', other.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    const started = await scheduler.start(t.id, a.id);
    expect(started).toMatchObject({ status: 'running', assignedAgentId: a.id });
    expect(started.startedAt).not.toBeNull();
    expect(await scheduler.start(t.id, a.id)).toEqual(started); // a repeated report changes nothing
    const done = await scheduler.complete(t.id, { ok: true }, 'test', a.id);
    expect(done).toMatchObject({ status: 'completed', result: { ok: true }, leaseExpiresAt: null });
    expect(await scheduler.complete(t.id, { ok: false }, 'test', other.id)).toEqual(done); // the first result wins, whoever repeats
    await expect(scheduler.start(t.id, a.id)).rejects.toMatchObject({ code: 'INVALID_TRANSITION', details: { from: 'completed', to: 'running' } });
    const events = await fx.store.events.listAfter({ after: 0, limit: 1000, subject: `task:${t.id}` });
    expect(events.map((e) => e.payload.status)).toEqual(['ready', 'assigned', 'running', 'completed']);
    // Released without an attempt spent; a task nobody holds is not released.
    const r = await make({ title: 'released', type: 'backend' });
    expect(await scheduler.release(r.id, 'paused', 'test')).toBeNull();
    await scheduler.claimFor(a, r.id);
    expect(await scheduler.release(r.id, 'paused', 'test')).toMatchObject({ status: 'ready', attempts: 0, assignedAgentId: null, error: 'released: paused' });
    expect(await scheduler.release(ghost, 'paused', 'test')).toBeNull();
    await scheduler.claimFor(a, r.id); // leave no ready task behind for the next test's claims
    await scheduler.complete(r.id, {}, 'test', a.id);
  });

  it('moves the agent with its task in one transaction: never when the task move is refused, and a missed agent move does not stop the task', async () => {
    const toBusy: AgentMove = { from: ['idle'], to: 'busy' };
    const toIdle: AgentMove = { from: ['busy'], to: 'idle' };
    const t = await make({ title: 'with its agent', type: 'backend' });
    const a = await agent('backend', []);
    const other = await agent('backend', []);
    const statusOf = async (id: string) => (await fx.store.agents.get(id))?.status;
    const commits: DomainEvent[][] = [];
    const off = fx.store.onEvents((events) => commits.push(events));
    try {
      // Refused task moves: the same errors as without an agent move, and the agent stays where it was.
      await expect(scheduler.start(t.id, a.id, toBusy)).rejects.toMatchObject({ code: 'CONFLICT' }); // ready: nobody holds it
      await scheduler.claimFor(a, t.id);
      await expect(scheduler.start(t.id, other.id, toBusy)).rejects.toMatchObject({ code: 'CONFLICT' });
      expect([await statusOf(a.id), await statusOf(other.id)]).toEqual(['idle', 'idle']);
      await fx.store.agents.transition(other.id, ['idle'], 'busy');
      await expect(scheduler.complete(t.id, {}, `agent:${other.id}`, other.id, toIdle)).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await statusOf(other.id)).toBe('busy');

      // Accepted: both move, committed together, the task's event first.
      commits.length = 0;
      expect(await scheduler.start(t.id, a.id, toBusy)).toMatchObject({ status: 'running' });
      expect(await statusOf(a.id)).toBe('busy');
      expect(commits.map((events) => events.map((e) => `${e.subject} ${String(e.payload.status)}`))).toEqual([[`task:${t.id} running`, `agent:${a.id} busy`]]);
      expect(commits[0]![1]!.seq).toBeGreaterThan(commits[0]![0]!.seq);

      // The agent is not in the expected state (paused meanwhile): the task completes all the same.
      await fx.store.agents.transition(a.id, ['busy'], 'paused');
      commits.length = 0;
      expect(await scheduler.complete(t.id, { ok: true }, `agent:${a.id}`, a.id, toIdle)).toMatchObject({ status: 'completed' });
      expect(await statusOf(a.id)).toBe('paused');
      expect(commits.flat().map((e) => e.subject)).toEqual([`task:${t.id}`]);

      // A failure moves its agent the same way.
      const f = await make({ title: 'fails with its agent', type: 'backend' });
      await scheduler.claimFor(other, f.id);
      commits.length = 0;
      expect(await scheduler.fail(f.id, other.id, 'boom', false, toIdle)).toMatchObject({ status: 'failed' });
      expect(await statusOf(other.id)).toBe('idle');
      expect(commits.map((events) => events.map((e) => e.subject))).toEqual([[`task:${f.id}`, `agent:${other.id}`]]);
    } finally {
      off();
    }
  });

  it('a completion makes ready the pending tasks whose dependencies are now all complete', async () => {
    const a = await agent('devops', []);
    const first = await make({ title: 'first', type: 'devops' });
    const second = await make({ title: 'second', type: 'devops' });
    const both = await make({ title: 'after both', type: 'devops', dependencies: [first.id, second.id] });
    const one = await make({ title: 'after first', type: 'devops', dependencies: [first.id] });
    expect([both.status, one.status]).toEqual(['pending', 'pending']);
    for (const [t, expected] of [[first, ['pending', 'ready']], [second, ['ready', 'ready']]] as const) {
      await scheduler.claimFor(a, t.id);
      await scheduler.complete(t.id, {}, 'test', a.id);
      expect([(await fx.store.tasks.get(both.id))?.status, (await fx.store.tasks.get(one.id))?.status]).toEqual(expected);
    }
    for (const t of [both, one]) {
      await scheduler.claimFor(a, t.id);
      await scheduler.complete(t.id, {}, 'test', a.id);
    }
  });

  it('applies a completion once, and releases without spending an attempt', async () => {
    const t = await make({ title: 'once', type: 'backend' });
    const a = await agent('backend', []);
    await scheduler.claimFor(a);
    const released = await scheduler.release(t.id, 'agent paused', 'test');
    expect(released).toMatchObject({ status: 'ready', attempts: 0, assignedAgentId: null });
    await scheduler.claimFor(a);
    const [r1, r2] = await Promise.all([
      scheduler.complete(t.id, { n: 1 }, 'test', a.id),
      scheduler.complete(t.id, { n: 2 }, 'test', a.id).catch((e: Error) => e),
    ]);
    const stored = await fx.store.tasks.get(t.id);
    expect(stored?.status).toBe('completed');
    expect([r1, r2].filter((r) => !(r instanceof Error) && r.status === 'completed').length).toBeGreaterThanOrEqual(1);
    const events = await fx.store.events.listAfter({ after: 0, limit: 1000, subject: `task:${t.id}` });
    expect(events.filter((e) => e.payload.status === 'completed')).toHaveLength(1);
  });
});
