import { and, count, desc, eq, ilike, inArray, type SQL } from 'drizzle-orm';
import type { Agent, AgentListQuery, AgentStatus } from '../../../../shared/index.js';
import { type Db, iso, isoNow } from '../db.js';
import { agents } from '../schema.js';
import { pageWithTotal } from './page.js';

type Row = typeof agents.$inferSelect;
export type NewAgent = typeof agents.$inferInsert;

export function toAgent(r: Row): Agent {
  return {
    id: r.id,
    name: r.name,
    type: r.type as Agent['type'],
    role: r.role,
    capabilities: r.capabilities,
    status: r.status as AgentStatus,
    runtime: r.runtime as Agent['runtime'],
    runtimeRef: r.runtimeRef,
    targetId: r.targetId,
    promptVersion: r.promptVersion,
    sessionId: r.sessionId,
    config: r.config,
    lastHeartbeatAt: iso(r.lastHeartbeatAt),
    tokenBudget: r.tokenBudget,
    tokensUsed: r.tokensUsed,
    costUsd: r.costUsd,
    createdAt: isoNow(r.createdAt),
    updatedAt: isoNow(r.updatedAt),
  };
}

export class AgentRepository {
  constructor(private readonly db: Db) {}

  async insert(agent: NewAgent): Promise<Agent> {
    const [row] = await this.db.insert(agents).values(agent).returning();
    return toAgent(row!);
  }

  async get(id: string): Promise<Agent | null> {
    const [row] = await this.db.select().from(agents).where(eq(agents.id, id));
    return row ? toAgent(row) : null;
  }

  async list(q: AgentListQuery): Promise<{ items: Agent[]; total: number }> {
    const conds: SQL[] = [];
    if (q.status) conds.push(eq(agents.status, q.status));
    if (q.type) conds.push(eq(agents.type, q.type));
    if (q.runtime) conds.push(eq(agents.runtime, q.runtime));
    if (q.sessionId) conds.push(eq(agents.sessionId, q.sessionId));
    if (q.q) conds.push(ilike(agents.name, `%${escapeLike(q.q)}%`));
    const where = conds.length ? and(...conds) : undefined;
    const { rows, total } = await pageWithTotal(this.db, agents, where, [desc(agents.createdAt), agents.id], q);
    return { items: rows.map(toAgent), total };
  }

  async listBySession(sessionId: string): Promise<Agent[]> {
    const rows = await this.db.select().from(agents).where(eq(agents.sessionId, sessionId));
    return rows.map(toAgent);
  }

  /** Agents last placed on a runtime target, optionally only those in one of `statuses`. */
  async listByTarget(targetId: string, statuses?: readonly AgentStatus[]): Promise<Agent[]> {
    const where = statuses ? and(eq(agents.targetId, targetId), inArray(agents.status, [...statuses])) : eq(agents.targetId, targetId);
    const rows = await this.db.select().from(agents).where(where).orderBy(agents.createdAt, agents.id);
    return rows.map(toAgent);
  }

  /** How many agents in one of `statuses` each target holds (targets with none are absent). */
  async countByTarget(statuses: readonly AgentStatus[]): Promise<Record<string, number>> {
    const rows = await this.db
      .select({ targetId: agents.targetId, n: count() })
      .from(agents)
      .where(inArray(agents.status, [...statuses]))
      .groupBy(agents.targetId);
    return Object.fromEntries(rows.filter((r) => r.targetId !== null).map((r) => [r.targetId!, Number(r.n)]));
  }

  async update(id: string, patch: Partial<NewAgent>): Promise<Agent | null> {
    const [row] = await this.db
      .update(agents)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(agents.id, id))
      .returning();
    return row ? toAgent(row) : null;
  }

  /** Record a heartbeat from each of `ids` at `at`, in one statement (see HeartbeatWriter). */
  async touchHeartbeats(ids: readonly string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.db.update(agents).set({ lastHeartbeatAt: at, updatedAt: at }).where(inArray(agents.id, [...ids]));
  }

  /** Guarded status change: only moves the agent when its status is one of `from`. */
  async transition(id: string, from: readonly AgentStatus[], to: AgentStatus, patch: Partial<NewAgent> = {}): Promise<Agent | null> {
    const [row] = await this.db
      .update(agents)
      .set({ ...patch, status: to, updatedAt: new Date() })
      .where(and(eq(agents.id, id), inArray(agents.status, [...from])))
      .returning();
    return row ? toAgent(row) : null;
  }

  /** The stored hash of the agent's worker token (never part of the Agent entity). */
  async tokenHash(id: string): Promise<string | null> {
    const [row] = await this.db.select({ h: agents.tokenHash }).from(agents).where(eq(agents.id, id));
    return row?.h ?? null;
  }

  async countByStatusAndRuntime(): Promise<{ status: string; runtime: string; n: number }[]> {
    const rows = await this.db
      .select({ status: agents.status, runtime: agents.runtime, n: count() })
      .from(agents)
      .groupBy(agents.status, agents.runtime);
    return rows.map((r) => ({ ...r, n: Number(r.n) }));
  }

  async countByStatus(): Promise<Record<string, number>> {
    const rows = await this.db.select({ status: agents.status, n: count() }).from(agents).groupBy(agents.status);
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }
}

/** Escape LIKE wildcards so a search for "50%" matches literally. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
