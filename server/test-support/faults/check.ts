/**
 * The verdict of a fault run, read straight from the database (not through a hub): every
 * task of the run completed exactly once, with its result and output, and no event the
 * dashboard should have seen was missed.
 */
import type { DomainEvent, Task } from '../../../shared/index.js';
import { openPostgres } from '../../src/store/postgres.js';
import { Store } from '../../src/store/store.js';

export interface TaskVerdict {
  /** Tasks of the run in the database (created by an answered or unanswered POST). */
  tasks: number;
  /** POSTs answered 201. */
  accepted: number;
  completed: number;
  /** Answered 201 but not in the database, or never completed. */
  lost: number;
  /** Tasks completed more than once (several completion events) or created twice. */
  duplicated: number;
  /** Completed tasks without a stored result or without stored output. */
  missingResultOrOutput: number;
  /** Tasks that ended failed or dead-lettered (spent their attempts). */
  deadLettered: number;
  completionEvents: number;
  /** Events of the log after the run started that the dashboard client never received. */
  dashboardMissed: number;
  eventsInLog: number;
  /** Ids and reasons of the first few problems, for the report. */
  problems: string[];
}

const TERMINAL = new Set(['completed', 'failed', 'cancelled', 'dead_letter']);

/**
 * How many tasks of the run are not finished yet, from one listing of them: a task can move
 * between unfinished states (retrying → ready) while several per-status queries run, and be
 * missed by all of them; once finished it stays finished, so one pass over all is exact.
 */
export async function unfinished(databaseUrl: string, titlePrefix: string): Promise<number> {
  const store = new Store(openPostgres(databaseUrl, { max: 1 }));
  try {
    return (await runTasks(store, titlePrefix)).filter((t) => !TERMINAL.has(t.status)).length;
  } finally {
    await store.close();
  }
}

async function runTasks(store: Store, titlePrefix: string): Promise<Task[]> {
  const tasks: Task[] = [];
  for (let offset = 0; ; offset += 200) {
    const { items } = await store.tasks.list({ q: titlePrefix, limit: 200, offset });
    tasks.push(...items.filter((t) => t.title.startsWith(titlePrefix)));
    if (items.length < 200) break;
  }
  return tasks;
}

export async function verdict(databaseUrl: string, run: { titlePrefix: string; accepted: Map<string, string>; startSeq: number; dashboardSeqs: Set<number> }): Promise<TaskVerdict> {
  const store = new Store(openPostgres(databaseUrl, { max: 2 }));
  try {
    const tasks = await runTasks(store, run.titlePrefix);
    const events: DomainEvent[] = [];
    for (let after = run.startSeq; ; ) {
      const page = await store.events.listAfter({ after, limit: 1000 });
      events.push(...page);
      if (page.length < 1000) break;
      after = page.at(-1)!.seq;
    }
    const problems: string[] = [];
    const note = (p: string) => problems.length < 20 && problems.push(p);
    const bySubject = new Map<string, DomainEvent[]>();
    for (const e of events) bySubject.set(e.subject, [...(bySubject.get(e.subject) ?? []), e]);

    const inDb = new Map(tasks.map((t) => [t.id, t]));
    let lost = 0;
    let duplicated = 0;
    let completed = 0;
    let missingResultOrOutput = 0;
    let deadLettered = 0;
    let completionEvents = 0;
    for (const [key, id] of run.accepted) {
      if (!inDb.has(id)) {
        lost++;
        note(`task ${key} (${id}) was accepted but is not in the database`);
      }
    }
    const titles = new Map<string, number>();
    for (const t of tasks) titles.set(t.title, (titles.get(t.title) ?? 0) + 1);
    for (const [title, n] of titles) {
      if (n > 1) {
        duplicated += n - 1;
        note(`"${title}" exists ${n} times`);
      }
    }
    for (const t of tasks) {
      const completions = (bySubject.get(`task:${t.id}`) ?? []).filter((e) => e.payload.status === 'completed').length;
      completionEvents += completions;
      if (completions > 1) {
        duplicated++;
        note(`task ${t.id} completed ${completions} times`);
      }
      if (t.status === 'completed') {
        completed++;
        if (completions === 0) note(`task ${t.id} is completed without a completion event`);
        const output = await store.taskOutput.list(t.id, 0, 1);
        if (!String(t.result?.summary ?? '').startsWith('Offline model:') || output.length === 0) {
          missingResultOrOutput++;
          note(`task ${t.id} completed without ${output.length ? 'a result' : 'stored output'}`);
        }
      } else {
        lost++;
        if (t.status === 'failed' || t.status === 'dead_letter') deadLettered++;
        note(`task ${t.id} ended ${t.status} after ${t.attempts} attempts${t.error ? `: ${t.error}` : ''}`);
      }
    }
    const dashboardMissed = events.filter((e) => !run.dashboardSeqs.has(e.seq));
    for (const e of dashboardMissed.slice(0, 5)) note(`the dashboard never received event ${e.seq} (${e.type} ${e.subject})`);
    return {
      tasks: tasks.length,
      accepted: run.accepted.size,
      completed,
      lost,
      duplicated,
      missingResultOrOutput,
      deadLettered,
      completionEvents,
      dashboardMissed: dashboardMissed.length,
      eventsInLog: events.length,
      problems,
    };
  } finally {
    await store.close();
  }
}
