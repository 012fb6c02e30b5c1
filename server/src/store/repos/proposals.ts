import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import type { Proposal, ProposalListQuery } from '../../../../shared/index.js';
import { type Db, isoNow } from '../db.js';
import { proposals } from '../schema.js';

type Row = typeof proposals.$inferSelect;

export function toProposal(r: Row): Proposal {
  return {
    ...r,
    kind: r.kind as Proposal['kind'],
    state: r.state as Proposal['state'],
    riskLevel: r.riskLevel as Proposal['riskLevel'],
    validation: r.validation ?? null,
    createdAt: isoNow(r.createdAt),
    updatedAt: isoNow(r.updatedAt),
  };
}

export class ProposalRepository {
  constructor(private readonly db: Db) {}

  async insert(p: typeof proposals.$inferInsert): Promise<Proposal> {
    const [row] = await this.db.insert(proposals).values(p).returning();
    return toProposal(row!);
  }

  async get(id: string): Promise<Proposal | null> {
    const [row] = await this.db.select().from(proposals).where(eq(proposals.id, id));
    return row ? toProposal(row) : null;
  }

  async list(q: ProposalListQuery): Promise<{ items: Proposal[]; total: number }> {
    const conds: SQL[] = [];
    if (q.state) conds.push(eq(proposals.state, q.state));
    if (q.kind) conds.push(eq(proposals.kind, q.kind));
    if (q.proposerAgentId) conds.push(eq(proposals.proposerAgentId, q.proposerAgentId));
    const where = conds.length ? and(...conds) : undefined;
    const [rows, [total]] = await Promise.all([
      this.db.select().from(proposals).where(where).orderBy(desc(proposals.createdAt), proposals.id).limit(q.limit).offset(q.offset),
      this.db.select({ n: count() }).from(proposals).where(where),
    ]);
    return { items: rows.map(toProposal), total: Number(total?.n ?? 0) };
  }
}
