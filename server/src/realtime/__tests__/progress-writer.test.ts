import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, STORE_KINDS, type StoreFixture } from '../../../test-support/stores.js';
import type { TaskOutputRepository } from '../../store/repos/task-output.js';
import { ProgressWriter } from '../progress-writer.js';

describe.each(STORE_KINDS)('ProgressWriter on %s', (kind) => {
  let fx: StoreFixture;
  let inserts: number[];
  let repo: Pick<TaskOutputRepository, 'appendForAssignee' | 'list'>;
  let agentId: string;
  let otherAgentId: string;
  beforeAll(async () => {
    fx = await openTestStore(kind);
    const real = fx.store.taskOutput;
    // The real repository, with each statement it runs counted by its number of rows.
    repo = {
      appendForAssignee: (items) => {
        inserts.push(items.length);
        return real.appendForAssignee(items);
      },
      list: (...args) => real.list(...args),
    };
    const agent = (name: string) => fx.store.agents.insert({ id: crypto.randomUUID(), name, type: 'backend', status: 'busy', runtime: 'process', promptVersion: 1 });
    agentId = (await agent('writer')).id;
    otherAgentId = (await agent('other')).id;
  });
  afterAll(async () => {
    await fx?.close();
  });

  /** A running task assigned to `assignee`. */
  const taskOf = async (assignee: string) =>
    (await fx.store.tasks.insert({ id: crypto.randomUUID(), title: 't', status: 'running', assignedAgentId: assignee, createdBy: 'test' })).id;
  const item = (taskId: string, n: number) => ({ taskId, agentId, kind: 'log' as const, message: `line ${n}` });

  it('stores items handed in together in one statement, each caller getting its own row, in order', async () => {
    inserts = [];
    const writer = new ProgressWriter(repo);
    const taskId = await taskOf(agentId);
    const resolvedOrder: number[] = [];
    const stored = await Promise.all(
      Array.from({ length: 5 }, (_, n) => writer.append(item(taskId, n)).then((s) => (resolvedOrder.push(n), s!))),
    );
    expect(inserts).toEqual([5]);
    expect(stored.map((s) => s.message)).toEqual(['line 0', 'line 1', 'line 2', 'line 3', 'line 4']);
    expect(resolvedOrder).toEqual([0, 1, 2, 3, 4]); // broadcast order = stored order
    for (let i = 1; i < stored.length; i++) expect(stored[i]!.id).toBeGreaterThan(stored[i - 1]!.id);
    expect(await repo.list(taskId, 0, 10)).toEqual(stored);
  });

  it('batches what arrives while a batch is being written, and writes a lone item at once', async () => {
    inserts = [];
    const writer = new ProgressWriter(repo);
    const taskId = await taskOf(agentId);
    const first = writer.append(item(taskId, 0));
    await new Promise((r) => setImmediate(r)); // the first batch is on its way
    const later = [writer.append(item(taskId, 1)), writer.append({ ...item(taskId, 2), data: { tool: 'x' } })];
    await Promise.all([first, ...later]);
    expect(inserts).toEqual([1, 2]);
    const stored = await repo.list(taskId, 0, 10);
    expect(stored.map((s) => s.message)).toEqual(['line 0', 'line 1', 'line 2']);
    expect(stored.map((s) => s.data)).toEqual([undefined, undefined, { tool: 'x' }]);
  });

  it('stores nothing for a task that is not its agent\'s, and its batch neighbours all the same', async () => {
    inserts = [];
    const writer = new ProgressWriter(repo);
    const mine = await taskOf(agentId);
    const theirs = await taskOf(otherAgentId);
    const results = await Promise.all([
      writer.append(item(mine, 0)),
      writer.append(item(theirs, 1)),
      writer.append(item(crypto.randomUUID(), 2)), // no such task
      writer.append(item(mine, 3)),
    ]);
    expect(inserts).toEqual([4]);
    expect(results.map((r) => r?.message ?? null)).toEqual(['line 0', null, null, 'line 3']);
    expect((await repo.list(mine, 0, 10)).map((s) => s.message)).toEqual(['line 0', 'line 3']);
    expect(await repo.list(theirs, 0, 10)).toEqual([]);
  });

  it('fails only the item that cannot be stored, not its batch neighbours', async () => {
    inserts = [];
    const writer = new ProgressWriter(repo);
    const taskId = await taskOf(agentId);
    const results = await Promise.allSettled([
      writer.append(item(taskId, 0)),
      writer.append({ ...item(taskId, 1), taskId: 'not-a-uuid' }),
      writer.append(item(taskId, 2)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await repo.list(taskId, 0, 10)).map((s) => s.message)).toEqual(['line 0', 'line 2']);
  });

  it('gives up on a batch the database never answers, and goes on with the next', async () => {
    inserts = [];
    let calls = 0;
    const writer = new ProgressWriter(
      {
        // The first insert hangs, as one did on a connection lost under it; later ones work.
        appendForAssignee: (items) => (++calls === 1 ? new Promise(() => {}) : repo.appendForAssignee(items)),
      },
      200,
    );
    const taskId = await taskOf(agentId);
    const first = writer.append(item(taskId, 1));
    const second = writer.append(item(taskId, 2));
    await expect(first).rejects.toThrow('storing progress took over 200 ms');
    await expect(second).rejects.toThrow('storing progress took over 200 ms'); // same batch, not retried one by one
    expect((await writer.append(item(taskId, 3)))?.message).toBe('line 3');
    expect(calls).toBe(2);
  });
});
