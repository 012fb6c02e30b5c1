import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, type StoreFixture } from '../../../test-support/stores.js';
import type { TaskOutputRepository } from '../../store/repos/task-output.js';
import { ProgressWriter } from '../progress-writer.js';

let fx: StoreFixture;
let inserts: number[];
let repo: Pick<TaskOutputRepository, 'appendMany' | 'list'>;
beforeAll(async () => {
  fx = await openTestStore('pglite');
  const real = fx.store.taskOutput;
  // The real repository, with each statement it runs counted by its number of rows.
  repo = {
    appendMany: (items) => {
      inserts.push(items.length);
      return real.appendMany(items);
    },
    list: (...args) => real.list(...args),
  };
});
afterAll(async () => {
  await fx?.close();
});

const agentId = crypto.randomUUID();
const item = (taskId: string, n: number) => ({ taskId, agentId, kind: 'log' as const, message: `line ${n}` });

describe('ProgressWriter', () => {
  it('stores items handed in together in one statement, each caller getting its own row, in order', async () => {
    inserts = [];
    const writer = new ProgressWriter(repo);
    const taskId = crypto.randomUUID();
    const resolvedOrder: number[] = [];
    const stored = await Promise.all(
      Array.from({ length: 5 }, (_, n) => writer.append(item(taskId, n)).then((s) => (resolvedOrder.push(n), s))),
    );
    expect(inserts).toEqual([5]);
    expect(stored.map((s) => s.message)).toEqual(['line 0', 'line 1', 'line 2', 'line 3', 'line 4']);
    expect(resolvedOrder).toEqual([0, 1, 2, 3, 4]); // broadcast order = stored order
    for (let i = 1; i < stored.length; i++) expect(stored[i]!.id).toBeGreaterThan(stored[i - 1]!.id);
    expect((await repo.list(taskId, 0, 10)).map((s) => s.id)).toEqual(stored.map((s) => s.id));
  });

  it('batches what arrives while a batch is being written, and writes a lone item at once', async () => {
    inserts = [];
    const writer = new ProgressWriter(repo);
    const taskId = crypto.randomUUID();
    const first = writer.append(item(taskId, 0));
    await new Promise((r) => setImmediate(r)); // the first batch is on its way
    const later = [writer.append(item(taskId, 1)), writer.append(item(taskId, 2))];
    await Promise.all([first, ...later]);
    expect(inserts).toEqual([1, 2]);
    expect((await repo.list(taskId, 0, 10)).map((s) => s.message)).toEqual(['line 0', 'line 1', 'line 2']);
  });

  it('fails only the item that cannot be stored, not its batch neighbours', async () => {
    inserts = [];
    const writer = new ProgressWriter(repo);
    const taskId = crypto.randomUUID();
    const results = await Promise.allSettled([
      writer.append(item(taskId, 0)),
      writer.append({ ...item(taskId, 1), taskId: 'not-a-uuid' }),
      writer.append(item(taskId, 2)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await repo.list(taskId, 0, 10)).map((s) => s.message)).toEqual(['line 0', 'line 2']);
  });
});
