import { eq, sql } from 'drizzle-orm';
import type { Agent, Session } from '../../../../shared/index.js';
import type { Db } from '../db.js';
import { agents, performanceMetrics, sessions, tasks } from '../schema.js';
import { toAgent } from './agents.js';
import { toSession } from './sessions.js';

export interface UsageRecord {
  agentId: string;
  taskId: string;
  tokens: number;
  costUsd: number;
  /** Labels of the `model.tokens` metric row written with it. */
  labels: Record<string, unknown>;
}

/**
 * Model usage, counted on the agent, its task and its session, plus a `model.tokens` metric
 * row — all in one statement (usage arrives several times per task, and four statements and
 * a transaction each time were a large share of the hub's database work). The statement is
 * atomic on its own, and the agent and session rows it returns are the ones it wrote, so a
 * budget verdict drawn from them is exact even when reports race.
 */
export class UsageRepository {
  /** Built once per repository: building this statement cost as much CPU as running it. */
  private statement?: ReturnType<UsageRepository['prepare']>;

  constructor(private readonly db: Db) {}

  /** The agent and its session (if any) after counting; null (and nothing written) when the agent does not exist. */
  async record(u: UsageRecord): Promise<{ agent: Agent; session: Session | null } | null> {
    this.statement ??= this.prepare();
    const [row] = await this.statement.execute({
      agentId: u.agentId,
      taskId: u.taskId,
      tokens: u.tokens,
      costUsd: u.costUsd,
      metricId: crypto.randomUUID(),
      labels: JSON.stringify(u.labels),
    });
    if (!row) return null;
    return { agent: toAgent(row.usage_agent), session: row.usage_session ? toSession(row.usage_session) : null };
  }

  private prepare() {
    const p = (name: keyof UsageRecord | 'metricId') => sql.placeholder(name);
    const agent = this.db.$with('usage_agent').as(
      this.db
        .update(agents)
        .set({ tokensUsed: sql`${agents.tokensUsed} + ${p('tokens')}`, costUsd: sql`${agents.costUsd} + ${p('costUsd')}` })
        .where(eq(agents.id, p('agentId')))
        .returning(),
    );
    // The other writes key off the agent's row, so an unknown agent writes nothing at all.
    const task = this.db.$with('usage_task').as(
      this.db
        .update(tasks)
        .set({ tokensUsed: sql`${tasks.tokensUsed} + ${p('tokens')}`, costUsd: sql`${tasks.costUsd} + ${p('costUsd')}` })
        .where(sql`${tasks.id} = ${p('taskId')} and exists (select 1 from usage_agent)`)
        .returning({ id: tasks.id }),
    );
    const session = this.db.$with('usage_session').as(
      this.db
        .update(sessions)
        .set({ tokensUsed: sql`${sessions.tokensUsed} + ${p('tokens')}`, costUsd: sql`${sessions.costUsd} + ${p('costUsd')}` })
        .where(sql`${sessions.id} = (select session_id from usage_agent)`)
        .returning(),
    );
    const metric = this.db.$with('usage_metric').as(
      this.db
        .insert(performanceMetrics)
        .select(
          sql`select ${p('metricId')}::uuid, id, ${p('taskId')}::uuid, 'model.tokens', ${p('tokens')}::real, 'tokens', ${p('labels')}::jsonb, now() from usage_agent`,
        )
        .returning({ id: performanceMetrics.id }),
    );
    // Data-modifying CTEs run to completion whether or not the main query reads them.
    return this.db.with(agent, task, session, metric).select().from(agent).leftJoin(session, sql`true`).prepare('usage_record');
  }
}
