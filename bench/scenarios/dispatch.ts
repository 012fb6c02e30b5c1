/**
 * Task dispatch latency (created → running) and end-to-end throughput (REST create → an agent
 * worker on the offline model → result persisted → the `completed` event received by a /ui
 * client), at rising offered rates until the hub saturates, on the embedded defaults (PGlite,
 * in-process broker) and on Redis + Postgres (postgres.js over the wire to a pg-server process:
 * PGlite behind the Postgres wire protocol, its own process like a real database server);
 * and as a reference ceiling, a bare BullMQ queue on the same Redis doing the same jobs.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPgServer, type PgServerProcess } from '../../server/test-support/pg-server/process.js';
import { BullmqCeiling } from '../lib/bullmq-ceiling.js';
import { atRate, startAgents, TaskFlow, type TaskTiming } from '../lib/fleet.js';
import { startHubProcess, type HubProcessConfig } from '../lib/hub-process.js';
import { redisInstalled, startRedis, type RedisHandle } from '../lib/redis.js';
import { check, type BenchContext, type Scenario, type SectionResult, type TargetCheck } from '../lib/scenario.js';
import { ratio } from '../lib/stats.js';
import { outcome, STEP_COLUMNS, stepRow, type StepOutcome } from '../lib/steps.js';

interface Stack {
  name: string;
  short: string;
  config: HubProcessConfig;
}

const settleTimeout = (count: number) => 15_000 + count * 25;

async function runStack(ctx: BenchContext, stack: Stack, agents: number, rates: number[], stepSeconds: number): Promise<StepOutcome[]> {
  const hub = await startHubProcess(stack.config);
  const steps: StepOutcome[] = [];
  try {
    ctx.log(`dispatch[${stack.short}]: starting ${agents} agents`);
    await startAgents(hub, agents, { prefix: `dispatch-${stack.short}` });
    const flow = await TaskFlow.open(hub);
    try {
      // Warm-up: every agent takes a task once, so first-task costs (JIT, workspace setup) are not measured.
      const warm = await Promise.all(Array.from({ length: agents * 2 }, (_, i) => flow.create(`warm-up ${i}`)));
      await flow.settled(warm, settleTimeout(warm.length));
      for (const rate of rates) {
        const count = Math.max(agents, Math.round(rate * stepSeconds));
        ctx.log(`dispatch[${stack.short}]: ${count} tasks at ${rate}/s`);
        const cpu0 = hub.usage().cpuSeconds;
        const startedAt = Date.now();
        const sent = await atRate(count, rate, (i) => flow.create(`bench ${rate}/s #${i}`));
        const timings = sent.flatMap((r) => (r.status === 'fulfilled' ? [r.value as TaskTiming] : []));
        await flow.settled(timings, settleTimeout(count));
        const step = outcome(rate, timings, count - timings.length, startedAt, hub.usage().cpuSeconds - cpu0);
        steps.push(step);
        if (step.saturated) break;
      }
    } finally {
      flow.close();
    }
  } finally {
    await hub.stop();
  }
  return steps;
}

export const dispatchScenario: Scenario = {
  id: 'dispatch',
  title: 'Task dispatch latency and end-to-end throughput',
  async run(ctx): Promise<SectionResult> {
    const agents = ctx.quick ? 2 : ctx.full ? 20 : 10;
    const rates = ctx.sizes(ctx.quick ? [5] : [10, 25, 50, 100, 200, 400, 800]);
    const stepSeconds = ctx.quick ? 1 : 3;
    const notes = [
      `${agents} agent worker processes (process runtime, offline model); each task is "${'write out.txt: ok'}" (one tool call). A /ui client in the bench process waits for each task's \`completed\` event.`,
      `Steps of ${stepSeconds} s at rising offered rates (open loop), stopping after the first step that saturates (done/s < 85 % of offered, or completions missing). e2e: create request sent → completed event received; dispatch: the task's createdAt → startedAt.`,
      'Hub CPU is the hub process alone (agent workers, the load generator and, for redis+pg, the database process are other processes), in % of one core. redis+pg: postgres.js (a pool of 10) over the wire to server/test-support/pg-server — one PGlite in its own process, shared by the connections turn by turn (a transaction holds it until it ends), where a real Postgres would run them in parallel.',
    ];
    let redis: RedisHandle | null = null;
    let pg: PgServerProcess | null = null;
    if (redisInstalled()) {
      redis = await startRedis();
      pg = await startPgServer({ dataDir: mkdtempSync(join(tmpdir(), 'hive-bench-pg-')) });
    } else notes.push('redis-server is not installed: the Redis + Postgres stack and the BullMQ ceiling were skipped.');
    const stacks: Stack[] = [
      { name: 'embedded (PGlite, in-process broker)', short: 'embedded', config: { store: 'pglite' } },
      ...(redis && pg ? [{ name: 'Redis + Postgres wire (pg-server process)', short: 'redis+pg', config: { store: 'postgres' as const, env: { REDIS_URL: redis.url, DATABASE_URL: pg.url } } }] : []),
    ];
    const rows: (string | number)[][] = [];
    const data: Record<string, StepOutcome[]> = {};
    const targets: TargetCheck[] = [];
    try {
      for (const stack of stacks) {
        const steps = await runStack(ctx, stack, agents, rates, stepSeconds);
        data[stack.short] = steps;
        for (const s of steps) rows.push(stepRow(stack.short, s));
        const low = steps[0];
        targets.push(check(`dispatch p99, ${stack.short}, at ${low?.offered ?? '?'} tasks/s`, '≤ 25 ms', low ? low.dispatch.p99 : null, 'ms', (x) => x <= 25));
      }
      if (redis) {
        ctx.log('dispatch: BullMQ ceiling');
        const ceiling = await BullmqCeiling.open(redis.url, agents);
        try {
          const hive = data['redis+pg'] ?? [];
          const steps: StepOutcome[] = [];
          for (const h of hive) steps.push(await ceiling.step(h.offered, h.sent + h.failedToSend, settleTimeout(h.sent)));
          data.bullmq = steps;
          for (const [i, s] of steps.entries()) {
            const h = hive[i]!;
            rows.push([...stepRow('bare BullMQ', s).slice(0, -1), `Hive e2e p50 ${ratio(h.endToEnd.p50, s.endToEnd.p50)}`]);
          }
        } finally {
          await ceiling.close();
        }
      }
    } finally {
      await redis?.stop();
      await pg?.stop();
    }
    const best = Math.max(...Object.entries(data).filter(([k]) => k !== 'bullmq').flatMap(([, steps]) => steps.map((s) => s.throughput)));
    targets.unshift(check('end-to-end throughput (best step)', '≥ 1,000 tasks/s', Number.isFinite(best) ? best : null, 'tasks/s', (x) => x >= 1000));
    return {
      id: this.id,
      title: this.title,
      notes,
      tables: [{ columns: STEP_COLUMNS, rows }],
      targets,
      data,
    };
  },
};
