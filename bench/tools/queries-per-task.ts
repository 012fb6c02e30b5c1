/**
 * Counts the SQL statements the hub runs per task, grouped by statement, on the embedded
 * store: a real hub in this process with one agent worker (offline model), N tasks created
 * over REST and worked to completion. Where hub CPU goes is mostly PGlite (see
 * cpuprofile-top.ts), so fewer statements per task is the lever.
 * `npx tsx bench/tools/queries-per-task.ts [tasks]`.
 */
import { PGlite } from '@electric-sql/pglite';
import type { Task } from '../../shared/index.js';
import { createTestApp } from '../../server/test-support/app.js';
import { waitFor } from '../../server/test-support/wait.js';
import { BENCH_TASK_DESCRIPTION } from '../lib/fleet.js';

const tasks = Number(process.argv[2] ?? 20);
const counts = new Map<string, number>();
let counting = false;
function count(sql: unknown): void {
  if (!counting) return;
  const key = String(sql).replace(/\s+/g, ' ').replace(/\$\d+/g, '?').slice(0, 150);
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
const query = PGlite.prototype.query;
PGlite.prototype.query = function (this: PGlite, ...args: Parameters<PGlite['query']>) {
  count(args[0]);
  return query.apply(this, args);
} as PGlite['query'];
// Statements inside a transaction go through the transaction object's own query().
const transaction = PGlite.prototype.transaction;
PGlite.prototype.transaction = function (this: PGlite, fn: Parameters<PGlite['transaction']>[0]) {
  count('BEGIN … COMMIT (transaction)');
  return transaction.call(this, (tx) => {
    const txQuery = tx.query.bind(tx);
    tx.query = ((...args: Parameters<typeof tx.query>) => {
      count(args[0]);
      return txQuery(...args);
    }) as typeof tx.query;
    return fn(tx);
  });
} as PGlite['transaction'];

const t = await createTestApp('pglite', { reachableHub: true, workerEnv: { HIVE_HEARTBEAT_MS: '60000' } });
try {
  const agent = (await (await t.call('POST', '/agents', { as: 'operator', body: { name: 'counted', type: 'backend', start: true } })).json()) as { id: string };
  await waitFor('the agent to connect', async () => (await t.services.store.agents.get(agent.id))?.status === 'idle', 60_000);
  // Completions are watched through the store's committed events, not by polling it: polls
  // would be counted as the hub's statements.
  const completed = new Set<string>();
  t.services.store.onEvents((events) => {
    for (const e of events) if (e.type === 'task.updated' && e.payload.status === 'completed') completed.add(String(e.payload.id));
  });
  counting = true;
  const ids: string[] = [];
  for (let i = 0; i < tasks; i++) {
    const res = await t.call('POST', '/tasks', { as: 'operator', body: { title: `counted ${i}`, type: 'backend', description: BENCH_TASK_DESCRIPTION } });
    ids.push(((await res.json()) as Task).id);
  }
  await waitFor('every task to complete', async () => ids.every((id) => completed.has(id)), 120_000);
  await new Promise((r) => setTimeout(r, 500)); // the worker's last "ready" and status updates
  counting = false;
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  console.log(`${total} statements for ${tasks} tasks: ${(total / tasks).toFixed(1)} per task\n`);
  for (const [sql, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`${(n / tasks).toFixed(2).padStart(6)}  ${sql}`);
} finally {
  await t.close();
}
