/**
 * Concurrent agents: how many agent workers (process runtime, offline model) this machine
 * holds while tasks keep flowing. The fleet grows in steps; at each size tasks flow at a
 * steady rate and the step records dispatch and end-to-end latency, the hub's memory and CPU
 * and the workers' memory. It stops when dispatch degrades (p99 over 4× the first step's and
 * over 100 ms, or tasks stop completing), or at the last step.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Task } from '../../shared/index.js';
import { atRate, startAgents, TaskFlow } from '../lib/fleet.js';
import { processUsage, startHubProcess } from '../lib/hub-process.js';
import { check, type Scenario, type SectionResult } from '../lib/scenario.js';
import { fmt } from '../lib/stats.js';
import { outcome, type StepOutcome } from '../lib/steps.js';

/** Total RSS (MiB) of the hub's direct children: its agent workers. */
function workersRssMiB(hubPid: number): number {
  let total = 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === hubPid) total += processUsage(Number(name)).rssMiB || 0;
    } catch {
      // the process ended while we looked
    }
  }
  return total;
}

interface FleetStep {
  agents: number;
  spawnSeconds: number;
  flow: StepOutcome;
  hubRssMiB: number;
  workersRssMiB: number;
  degraded: boolean;
}

export const agentsScenario: Scenario = {
  id: 'agents',
  title: 'Concurrent agents',
  async run(ctx): Promise<SectionResult> {
    const sizes = ctx.sizes(ctx.quick ? [2] : ctx.full ? [10, 25, 50, 100, 200, 300, 500] : [10, 25, 50]);
    const rate = ctx.quick ? 4 : 20;
    const seconds = ctx.quick ? 1 : 4;
    const hub = await startHubProcess({ store: 'pglite' });
    const steps: FleetStep[] = [];
    try {
      const flow = await TaskFlow.open(hub);
      try {
        let running = 0;
        for (const size of sizes) {
          ctx.log(`agents: growing the fleet to ${size}`);
          const t0 = Date.now();
          await startAgents(hub, size - running, { prefix: `fleet-${size}`, parallel: 4 });
          running = size;
          const spawnSeconds = (Date.now() - t0) / 1000;
          ctx.log(`agents: ${size} connected in ${spawnSeconds.toFixed(1)} s; ${rate} tasks/s for ${seconds} s`);
          const cpu0 = hub.usage().cpuSeconds;
          const startedAt = Date.now();
          const count = rate * seconds;
          const sent = await atRate(count, rate, (i) => flow.create(`fleet ${size} #${i}`));
          const timings = sent.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
          for (const r of sent) if (r.status === 'rejected') ctx.log(`agents: a task was not created: ${String(r.reason).slice(0, 300)}`);
          if (!(await flow.settled(timings, 20_000 + count * 50))) {
            // Say where the unfinished ones stand: a stuck task and a slow machine look alike otherwise.
            for (const t of timings.filter((x) => x.doneAt === undefined).slice(0, 5)) {
              const task = await hub.call<Task>('GET', `/tasks/${t.id}`).catch((err: Error) => err);
              ctx.log(`agents: task ${t.id} did not complete: ${task instanceof Error ? task.message : `${task.status} after ${task.attempts} attempt(s)${task.error ? ` (${task.error})` : ''}`}`);
            }
          }
          const step = outcome(rate, timings, count - timings.length, startedAt, hub.usage().cpuSeconds - cpu0);
          const first = steps[0]?.flow.dispatch.p99 ?? step.dispatch.p99;
          const degraded = step.saturated || (step.dispatch.p99 > 4 * first && step.dispatch.p99 > 100);
          steps.push({ agents: size, spawnSeconds, flow: step, hubRssMiB: hub.usage().rssMiB, workersRssMiB: workersRssMiB(hub.pid), degraded });
          if (degraded) break;
        }
      } finally {
        flow.close();
      }
    } finally {
      await hub.stop();
    }
    const held = steps.filter((s) => !s.degraded).at(-1)?.agents ?? 0;
    const rows = steps.map((s) => [
      s.agents,
      fmt(s.spawnSeconds, 1),
      `${s.flow.completed}/${s.flow.sent + s.flow.failedToSend}`,
      fmt(s.flow.dispatch.p50),
      fmt(s.flow.dispatch.p99),
      fmt(s.flow.endToEnd.p50),
      fmt(s.flow.endToEnd.p99),
      s.flow.hubCpuPercent === null ? '–' : Math.round(s.flow.hubCpuPercent),
      s.flow.hubCpuMsPerTask === null ? '–' : fmt(s.flow.hubCpuMsPerTask, 1),
      s.hubRssMiB,
      s.workersRssMiB,
      s.workersRssMiB && s.agents ? Math.round(s.workersRssMiB / s.agents) : '–',
      s.degraded ? 'degraded' : '',
    ]);
    const last = sizes.at(-1)!;
    return {
      id: this.id,
      title: this.title,
      notes: [
        `Fleet sizes ${sizes.join(', ')} (the default run stops at ${last}; \`--full\` goes on to 500). At each size ${rate} tasks/s flow for ${seconds} s; "spawn s" is the time to start the new agents (4 at a time) until all are idle.`,
        'Hub RSS is the hub process; workers RSS is the sum over its agent worker processes. Degraded: dispatch p99 over 4× the first step and over 100 ms, or tasks not completing.',
      ],
      tables: [
        {
          columns: ['agents', 'spawn s', 'tasks', 'dispatch p50', 'dispatch p99', 'e2e p50', 'e2e p99', 'hub CPU %', 'hub CPU ms/task', 'hub RSS MiB', 'workers RSS MiB', 'MiB / worker', ''],
          rows,
        },
      ],
      targets: [check('agents held while tasks flow', '≥ 500', held, `agents${held === last && !steps.at(-1)?.degraded ? ' (largest size tried)' : ''}`, (x) => x >= 500)],
      data: { steps },
    };
  },
};
