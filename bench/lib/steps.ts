/** Rising-load steps shared by the dispatch scenario's stacks: offer a rate, measure what came out. */
import { fmt, summarize, type Summary } from './stats.js';

export interface StepOutcome {
  /** Offered tasks per second. */
  offered: number;
  sent: number;
  completed: number;
  failedToSend: number;
  /** From the first request leaving to the last completion arriving. */
  seconds: number;
  /** Completed per second over `seconds`. */
  throughput: number;
  endToEnd: Summary;
  dispatch: Summary;
  /** Hub CPU over the step, in % of one core (null when not measured). */
  hubCpuPercent: number | null;
  /** Hub CPU per completed task, ms: steadier than latency on a shared machine. */
  hubCpuMsPerTask: number | null;
  /** Throughput fell below 85 % of the offered rate, or completions did not all arrive in time. */
  saturated: boolean;
}

export interface TimedItem {
  sentAt: number;
  doneAt?: number;
  dispatchMs?: number;
}

export function outcome(offered: number, items: TimedItem[], failedToSend: number, startedAt: number, cpuSeconds: number | null): StepOutcome {
  const done = items.filter((t) => t.doneAt !== undefined);
  const last = done.reduce((m, t) => Math.max(m, t.doneAt!), startedAt);
  const seconds = Math.max(0.001, (last - startedAt) / 1000);
  const throughput = done.length / seconds;
  const sent = items.length;
  return {
    offered,
    sent,
    completed: done.length,
    failedToSend,
    seconds,
    throughput,
    endToEnd: summarize(done.map((t) => t.doneAt! - t.sentAt)),
    dispatch: summarize(done.filter((t) => t.dispatchMs !== undefined).map((t) => t.dispatchMs!)),
    hubCpuPercent: cpuSeconds === null ? null : (cpuSeconds / seconds) * 100,
    hubCpuMsPerTask: cpuSeconds === null || done.length === 0 ? null : (cpuSeconds * 1000) / done.length,
    saturated: done.length < sent + failedToSend || throughput < 0.85 * offered,
  };
}

export const STEP_COLUMNS = ['stack', 'offered /s', 'tasks', 'done /s', 'e2e p50', 'e2e p95', 'e2e p99', 'dispatch p50', 'dispatch p95', 'dispatch p99', 'hub CPU %', 'hub CPU ms/task', ''];

export function stepRow(stack: string, s: StepOutcome): (string | number)[] {
  return [
    stack,
    s.offered,
    `${s.completed}/${s.sent + s.failedToSend}`,
    fmt(s.throughput, 1),
    fmt(s.endToEnd.p50),
    fmt(s.endToEnd.p95),
    fmt(s.endToEnd.p99),
    fmt(s.dispatch.p50),
    fmt(s.dispatch.p95),
    fmt(s.dispatch.p99),
    s.hubCpuPercent === null ? '–' : Math.round(s.hubCpuPercent),
    s.hubCpuMsPerTask === null ? '–' : fmt(s.hubCpuMsPerTask, 1),
    s.saturated ? 'saturated' : '',
  ];
}
