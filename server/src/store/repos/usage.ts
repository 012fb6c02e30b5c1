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
  constructor(private readonly db: Db) {}

  /** The agent and its session (if any) after counting; null (and nothing written) when the agent does not exist. */
  async record(u: UsageRecord): Promise<{ agent: Agent; session: Session | null } | null> {
    const agent = this.db.$with('usage_agent').as(
      this.db
        .update(agents)
        .set({ tokensUsed: sql`${agents.tokensUsed} + ${u.tokens}`, costUsd: sql`${agents.costUsd} + ${u.costUsd}` })
        .where(eq(agents.id, u.agentId))
        .returning(),
    );
    // The other writes key off the agent's row, so an unknown agent writes nothing at all.
    const task = this.db.$with('usage_task').as(
      this.db
        .update(tasks)
        .set({ tokensUsed: sql`${tasks.tokensUsed} + ${u.tokens}`, costUsd: sql`${tasks.costUsd} + ${u.costUsd}` })
        .where(sql`${tasks.id} = ${u.taskId} and exists (select 1 from usage_agent)`)
        .returning({ id: tasks.id }),
    );
    const session = this.db.$with('usage_session').as(
      this.db
        .update(sessions)
        .set({ tokensUsed: sql`${sessions.tokensUsed} + ${u.tokens}`, costUsd: sql`${sessions.costUsd} + ${u.costUsd}` })
        .where(sql`${sessions.id} = (select session_id from usage_agent)`)
        .returning(),
    );
    const metric = this.db.$with('usage_metric').as(
      this.db
        .insert(performanceMetrics)
        .select(
          sql`select ${crypto.randomUUID()}::uuid, id, ${u.taskId}::uuid, 'model.tokens', ${u.tokens}::real, 'tokens', ${JSON.stringify(u.labels)}::jsonb, now() from usage_agent`,
        )
        .returning({ id: performanceMetrics.id }),
    );
    // Data-modifying CTEs run to completion whether or not the main query reads them.
    const [row] = await this.db.with(agent, task, session, metric).select().from(agent).leftJoin(session, sql`true`);
    if (!row) return null;
    return { agent: toAgent(row.usage_agent), session: row.usage_session ? toSession(row.usage_session) : null };
  }
}
