import { and, count, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Session, SessionListQuery, SessionStatus } from '../../../../shared/index.js';
import { type Db, iso, isoNow } from '../db.js';
import { sessions } from '../schema.js';

type Row = typeof sessions.$inferSelect;
export type NewSession = typeof sessions.$inferInsert;

export function toSession(r: Row): Session {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    status: r.status as SessionStatus,
    agents: r.agents as Session['agents'],
    tokenBudget: r.tokenBudget,
    tokensUsed: r.tokensUsed,
    costUsd: r.costUsd,
    createdBy: r.createdBy,
    createdAt: isoNow(r.createdAt),
    startedAt: iso(r.startedAt),
    stoppedAt: iso(r.stoppedAt),
  };
}

export class SessionRepository {
  constructor(private readonly db: Db) {}

  async insert(s: NewSession): Promise<Session> {
    const [row] = await this.db.insert(sessions).values(s).returning();
    return toSession(row!);
  }

  async get(id: string): Promise<Session | null> {
    const [row] = await this.db.select().from(sessions).where(eq(sessions.id, id));
    return row ? toSession(row) : null;
  }

  async list(q: SessionListQuery): Promise<{ items: Session[]; total: number }> {
    const conds: SQL[] = [];
    if (q.status) conds.push(eq(sessions.status, q.status));
    const where = conds.length ? and(...conds) : undefined;
    const [rows, [total]] = await Promise.all([
      this.db.select().from(sessions).where(where).orderBy(desc(sessions.createdAt), sessions.id).limit(q.limit).offset(q.offset),
      this.db.select({ n: count() }).from(sessions).where(where),
    ]);
    return { items: rows.map(toSession), total: Number(total?.n ?? 0) };
  }

  async transition(
    id: string,
    from: readonly SessionStatus[],
    to: SessionStatus,
    patch: Partial<NewSession> = {},
  ): Promise<Session | null> {
    const [row] = await this.db
      .update(sessions)
      .set({ ...patch, status: to })
      .where(and(eq(sessions.id, id), inArray(sessions.status, [...from])))
      .returning();
    return row ? toSession(row) : null;
  }
}
