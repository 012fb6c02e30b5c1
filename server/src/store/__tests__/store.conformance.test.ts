/** One conformance suite, run against both Store adapters. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../../shared/index.js';
import { openTestStore, STORE_KINDS, type StoreFixture } from '../../../test-support/stores.js';
import { openStore } from '../index.js';
import { EMBEDDING_DIM } from '../schema.js';

const uuid = () => crypto.randomUUID();

function unitVector(hot: number): number[] {
  const v = new Array<number>(EMBEDDING_DIM).fill(0);
  v[hot] = 1;
  return v;
}

describe.each(STORE_KINDS)('Store conformance: %s', (kind) => {
  let fx: StoreFixture;
  beforeAll(async () => {
    fx = await openTestStore(kind);
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('applies migrations and seeds the eight agent types with a first prompt', async () => {
    const types = await fx.store.agentTypes.list();
    expect(types.map((t) => t.key).sort()).toEqual(
      ['architect', 'backend', 'devops', 'frontend', 'meta', 'product_manager', 'qa', 'strategic_partner'].sort(),
    );
    for (const t of types) expect(t.prompts[0]?.version).toBe(1);
  });

  it('versions prompts: a new prompt gets the next number and can be activated', async () => {
    const p = await fx.store.agentTypes.addPrompt('qa', 'Be thorough.', 'tester');
    expect(p.version).toBe(2);
    await fx.store.agentTypes.activate('qa', 2);
    expect((await fx.store.agentTypes.get('qa'))?.activePromptVersion).toBe(2);
  });

  it('creates, filters and paginates agents', async () => {
    const names = ['alpha', 'beta', 'gamma'];
    for (const [i, name] of names.entries()) {
      await fx.store.agents.insert({
        id: uuid(),
        name: `${kind}-${name}`,
        type: i === 0 ? 'backend' : 'qa',
        capabilities: ['code'],
        status: 'created',
        runtime: 'process',
        promptVersion: 1,
      });
    }
    const qa = await fx.store.agents.list({ type: 'qa', q: kind, limit: 10, offset: 0 });
    expect(qa.total).toBe(2);
    const page = await fx.store.agents.list({ q: `${kind}-`, limit: 2, offset: 2 });
    expect(page.total).toBe(3);
    expect(page.items).toHaveLength(1);
    // A page past the end still says how many there are (no row carries the count there).
    expect(await fx.store.agents.list({ q: `${kind}-`, limit: 2, offset: 10 })).toEqual({ items: [], total: 3 });
    const literal = await fx.store.agents.list({ q: '%', limit: 10, offset: 0 });
    expect(literal.total).toBe(0);
  });

  it('moves a task only from an expected state, and only one of two racers wins', async () => {
    const task = await fx.store.tasks.insert({ id: uuid(), title: 'race', status: 'ready', createdBy: 'test' });
    const agent = await fx.store.agents.insert({
      id: uuid(), name: 'racer', type: 'backend', status: 'idle', runtime: 'process', promptVersion: 1,
    });
    const results = await Promise.all([
      fx.store.tasks.transition(task.id, ['ready'], 'assigned', { assignedAgentId: agent.id }),
      fx.store.tasks.transition(task.id, ['ready'], 'assigned', { assignedAgentId: agent.id }),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await fx.store.tasks.transition(task.id, ['ready'], 'cancelled')).toBeNull(); // it is no longer ready
    await expect(fx.store.tasks.transition(task.id, ['ready'], 'running')).rejects.toThrow('not in TASK_TRANSITIONS');
    expect((await fx.store.tasks.get(task.id))?.status).toBe('assigned');
  });

  it('finds the pending dependants of a task', async () => {
    const dep = await fx.store.tasks.insert({ id: uuid(), title: 'dep', status: 'ready', createdBy: 'test' });
    const child = await fx.store.tasks.insert({
      id: uuid(), title: 'child', status: 'pending', dependencies: [dep.id], createdBy: 'test',
    });
    const found = await fx.store.tasks.listDependants(dep.id);
    expect(found.map((t) => t.id)).toEqual([child.id]);
  });

  it('publishes events only after commit, in sequence order, and none on rollback', async () => {
    const seen: DomainEvent[] = [];
    const off = fx.store.onEvents((evs) => seen.push(...evs));
    const before = await fx.store.events.lastSeq();
    await fx.store.transaction(async (tx) => {
      await tx.events.append({ type: 'task.created', subject: 'task:a', actor: 'test', payload: { n: 1 } });
      await tx.events.append({ type: 'task.updated', subject: 'task:a', actor: 'test', payload: { n: 2 } });
      expect(seen).toHaveLength(0);
    });
    expect(seen.map((e) => e.payload.n)).toEqual([1, 2]);
    await expect(
      fx.store.transaction(async (tx) => {
        await tx.events.append({ type: 'task.updated', subject: 'task:a', actor: 'test', payload: { n: 3 } });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(seen).toHaveLength(2);
    const after = await fx.store.events.listAfter({ after: before, limit: 10 });
    expect(after.map((e) => e.payload.n)).toEqual([1, 2]);
    expect(after[1]!.seq).toBeGreaterThan(after[0]!.seq);
    off();
  });

  it('appends several events in one statement with seqs ascending in the order given', async () => {
    const seen: DomainEvent[] = [];
    const off = fx.store.onEvents((evs) => seen.push(...evs));
    const before = await fx.store.events.lastSeq();
    const appended = await fx.store.transaction(async (tx) => {
      const list = await tx.events.appendMany([1, 2, 3].map((n) => ({ type: 'task.updated' as const, subject: 'task:b', actor: 'test', payload: { n, nested: { ok: true } } })));
      expect(seen).toHaveLength(0);
      return list;
    });
    expect(appended.map((e) => e.payload.n)).toEqual([1, 2, 3]);
    expect(appended[0]!.seq).toBeGreaterThan(before);
    expect(appended[2]!.seq).toBeGreaterThan(appended[1]!.seq);
    expect(appended[1]!.seq).toBeGreaterThan(appended[0]!.seq);
    expect(seen).toEqual(appended);
    const stored = await fx.store.events.listAfter({ after: before, limit: 10 });
    expect(stored).toEqual(appended);
    expect(stored[0]).toMatchObject({ type: 'task.updated', subject: 'task:b', actor: 'test', payload: { n: 1, nested: { ok: true } } });
    expect(Date.parse(stored[0]!.createdAt)).toBeGreaterThan(Date.now() - 60_000);
    // Outside a transaction the statement commits (and publishes) on its own.
    const single = await fx.store.events.append({ type: 'task.updated', subject: 'task:b', actor: 'test', payload: { n: 4 } });
    expect(seen.at(-1)).toEqual(single);
    off();
  });

  it('searches contexts by cosine similarity with the HNSW index, nearest first', async () => {
    const near = unitVector(3).map((x, i) => (i === 4 ? 0.2 : x));
    await fx.store.contexts.insert({ id: uuid(), kind: 'note', content: 'three', embedding: unitVector(3) });
    await fx.store.contexts.insert({ id: uuid(), kind: 'note', content: 'nearly three', embedding: near });
    await fx.store.contexts.insert({ id: uuid(), kind: 'fact', content: 'nine', embedding: unitVector(9) });
    const hits = await fx.store.contexts.search(unitVector(3), { limit: 3 });
    expect(hits.map((h) => h.content)).toEqual(['three', 'nearly three', 'nine']);
    expect(hits[0]!.score).toBeCloseTo(1, 5);
    const facts = await fx.store.contexts.search(unitVector(3), { limit: 3, kind: 'fact' });
    expect(facts.map((h) => h.content)).toEqual(['nine']);
  });

  it('counts usage on the agent, its task and its session with a metric row, in one statement, exactly under races', async () => {
    const session = await fx.store.sessions.insert({ id: uuid(), name: `usage-${kind}`, status: 'running', tokenBudget: 1000, createdBy: 'test' });
    const agent = await fx.store.agents.insert({
      id: uuid(), name: 'spender', type: 'backend', status: 'busy', runtime: 'process', promptVersion: 1, tokenBudget: 500, sessionId: session.id,
    });
    const task = await fx.store.tasks.insert({ id: uuid(), title: 'spend', status: 'running', createdBy: 'test' });
    const first = await fx.store.usage.record({ agentId: agent.id, taskId: task.id, tokens: 100, costUsd: 0.5, labels: { model: 'm', input: 60, output: 40 } });
    expect(first?.agent).toMatchObject({ id: agent.id, tokensUsed: 100, costUsd: 0.5, tokenBudget: 500, sessionId: session.id, status: 'busy' });
    expect(first?.session).toMatchObject({ id: session.id, tokensUsed: 100, costUsd: 0.5, tokenBudget: 1000 });
    // Racing reports: each sees its own addition on top of the others', none is lost.
    const raced = await Promise.all([1, 2, 3, 4].map(() => fx.store.usage.record({ agentId: agent.id, taskId: task.id, tokens: 10, costUsd: 0.25, labels: {} })));
    expect(raced.map((r) => r!.agent.tokensUsed).sort()).toEqual([110, 120, 130, 140]);
    expect(raced.map((r) => r!.session!.tokensUsed).sort()).toEqual([110, 120, 130, 140]);
    expect(await fx.store.tasks.get(task.id)).toMatchObject({ tokensUsed: 140, costUsd: 1.5 });
    expect(await fx.store.agents.get(agent.id)).toMatchObject({ tokensUsed: 140, costUsd: 1.5 });
    expect(await fx.store.sessions.get(session.id)).toMatchObject({ tokensUsed: 140, costUsd: 1.5 });
    const metrics = (await fx.store.metrics.recent('model.tokens', 50)).filter((m) => m.agentId === agent.id);
    expect(metrics).toHaveLength(5);
    expect(metrics.find((m) => m.value === 100)).toMatchObject({ taskId: task.id, unit: 'tokens', labels: { model: 'm', input: 60, output: 40 } });
    // An agent without a session counts on none; an unknown agent writes nothing at all.
    const loner = await fx.store.agents.insert({ id: uuid(), name: 'loner', type: 'backend', status: 'busy', runtime: 'process', promptVersion: 1 });
    expect((await fx.store.usage.record({ agentId: loner.id, taskId: task.id, tokens: 1, costUsd: 0, labels: {} }))?.session).toBeNull();
    const ghost = uuid();
    expect(await fx.store.usage.record({ agentId: ghost, taskId: task.id, tokens: 1000, costUsd: 1, labels: {} })).toBeNull();
    expect((await fx.store.tasks.get(task.id))?.tokensUsed).toBe(141);
    expect((await fx.store.metrics.recent('model.tokens', 50)).filter((m) => m.agentId === ghost)).toHaveLength(0);
  });

  it('keeps usernames unique regardless of case', async () => {
    await fx.store.users.insert({ id: uuid(), username: 'Casey', passwordHash: 'x', role: 'viewer' });
    await expect(
      fx.store.users.insert({ id: uuid(), username: 'casey', passwordHash: 'x', role: 'viewer' }),
    ).rejects.toThrow();
    expect((await fx.store.users.findByUsername('CASEY'))?.username).toBe('Casey');
  });

  it('finds active API tokens and forgets revoked ones', async () => {
    const user = await fx.store.users.insert({ id: uuid(), username: `tok-${kind}`, passwordHash: 'x', role: 'operator' });
    const token = await fx.store.apiTokens.insert({
      id: uuid(), userId: user.id, name: 'ci', prefix: 'hive_abc', tokenHash: `hash-${kind}`, role: 'operator',
    });
    expect((await fx.store.apiTokens.findActive(`hash-${kind}`))?.user.id).toBe(user.id);
    await fx.store.apiTokens.revoke(token.id);
    expect(await fx.store.apiTokens.findActive(`hash-${kind}`)).toBeNull();
  });

  it('answers a ping', async () => {
    expect(await fx.store.ping()).toBeGreaterThanOrEqual(0);
  });
});

describe('PGlite on disk', () => {
  it('keeps data across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hive-store-'));
    try {
      const first = await openStore({ dataDir: dir });
      const id = uuid();
      await first.sessions.insert({ id, name: 'persisted', status: 'created', createdBy: 'test' });
      await first.close();
      await first.close(); // safe twice
      const second = await openStore({ dataDir: dir });
      expect((await second.sessions.get(id))?.name).toBe('persisted');
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
