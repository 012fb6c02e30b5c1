import { and, arrayOverlaps, desc, eq, inArray, type SQL } from 'drizzle-orm';
import {
  OPEN_PROPOSAL_STATES,
  type ApprovalRule,
  type DiffStat,
  type Proposal,
  type ProposalApplication,
  type ProposalListQuery,
  type ProposalReview,
  type ProposalValidation,
} from '../../../../shared/index.js';
import { type Db, isoNow } from '../db.js';
import { approvalRules, proposalReviews, proposals } from '../schema.js';
import { pageWithTotal } from './page.js';

type Row = typeof proposals.$inferSelect;

export function toProposal(r: Row): Proposal {
  return {
    ...r,
    kind: r.kind as Proposal['kind'],
    state: r.state as Proposal['state'],
    riskLevel: r.riskLevel as Proposal['riskLevel'],
    validation: (r.validation as ProposalValidation | null) ?? null,
    application: (r.application as ProposalApplication | null) ?? null,
    diffStat: (r.diffStat as DiffStat | null) ?? null,
    createdAt: isoNow(r.createdAt),
    updatedAt: isoNow(r.updatedAt),
  };
}

function toReview(r: typeof proposalReviews.$inferSelect): ProposalReview {
  return { ...r, decision: r.decision as ProposalReview['decision'], createdAt: isoNow(r.createdAt) };
}

function toRule(r: typeof approvalRules.$inferSelect): ApprovalRule {
  return {
    ...r,
    kind: r.kind as ApprovalRule['kind'],
    maxRisk: r.maxRisk as ApprovalRule['maxRisk'],
    createdAt: isoNow(r.createdAt),
    revokedAt: r.revokedAt ? isoNow(r.revokedAt) : null,
  };
}

export type ProposalPatch = Partial<
  Pick<Proposal, 'state' | 'stateReason' | 'riskLevel' | 'riskReasons' | 'conflictsWith' | 'validation' | 'application'>
>;

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

  /** The row locked for the rest of the transaction: state changes are decided on it. */
  async getForUpdate(id: string): Promise<Proposal | null> {
    const [row] = await this.db.select().from(proposals).where(eq(proposals.id, id)).for('update');
    return row ? toProposal(row) : null;
  }

  async update(id: string, patch: ProposalPatch): Promise<Proposal> {
    const { validation, application, ...rest } = patch;
    const [row] = await this.db
      .update(proposals)
      .set({
        ...rest,
        ...(validation !== undefined ? { validation: validation as Record<string, unknown> | null } : {}),
        ...(application !== undefined ? { application: application as Record<string, unknown> | null } : {}),
        updatedAt: new Date(),
      })
      .where(eq(proposals.id, id))
      .returning();
    return toProposal(row!);
  }

  /** A new version of the proposal's content: back to `proposed`, validation and application cleared. */
  async revise(
    id: string,
    fields: Pick<typeof proposals.$inferInsert, 'title' | 'rationale' | 'baseRef' | 'content' | 'contentHash' | 'riskLevel' | 'riskReasons' | 'diffStat'>,
  ): Promise<Proposal> {
    const [row] = await this.db
      .update(proposals)
      .set({ ...fields, state: 'proposed', stateReason: null, validation: null, application: null, updatedAt: new Date() })
      .where(eq(proposals.id, id))
      .returning();
    return toProposal(row!);
  }

  async list(q: ProposalListQuery): Promise<{ items: Proposal[]; total: number }> {
    const conds: SQL[] = [];
    if (q.state) conds.push(eq(proposals.state, q.state));
    if (q.kind) conds.push(eq(proposals.kind, q.kind));
    if (q.riskLevel) conds.push(eq(proposals.riskLevel, q.riskLevel));
    if (q.proposerAgentId) conds.push(eq(proposals.proposerAgentId, q.proposerAgentId));
    if (q.proposerUser) conds.push(eq(proposals.proposerUser, q.proposerUser));
    const where = conds.length ? and(...conds) : undefined;
    const { rows, total } = await pageWithTotal(this.db, proposals, where, [desc(proposals.createdAt), proposals.id], q);
    return { items: rows.map(toProposal), total };
  }

  /** Open code patches against one repository (conflict detection looks at these). */
  async openPatches(repository: string): Promise<Proposal[]> {
    const rows = await this.db
      .select()
      .from(proposals)
      .where(and(eq(proposals.kind, 'code_patch'), eq(proposals.target, repository), inArray(proposals.state, [...OPEN_PROPOSAL_STATES])));
    return rows.map(toProposal);
  }

  /** Proposals that list `id` among their conflicts. */
  async conflictingWith(id: string): Promise<Proposal[]> {
    const rows = await this.db.select().from(proposals).where(arrayOverlaps(proposals.conflictsWith, [id]));
    return rows.map(toProposal);
  }

  /** Proposals stuck in a state a hub was working on when it stopped. */
  async inStates(states: Proposal['state'][]): Promise<Proposal[]> {
    const rows = await this.db.select().from(proposals).where(inArray(proposals.state, states)).orderBy(proposals.createdAt);
    return rows.map(toProposal);
  }

  async addReview(r: Omit<typeof proposalReviews.$inferInsert, 'id'>): Promise<ProposalReview> {
    const [row] = await this.db.insert(proposalReviews).values({ ...r, id: crypto.randomUUID() }).returning();
    return toReview(row!);
  }

  async reviews(proposalId: string): Promise<ProposalReview[]> {
    const rows = await this.db.select().from(proposalReviews).where(eq(proposalReviews.proposalId, proposalId)).orderBy(proposalReviews.createdAt);
    return rows.map(toReview);
  }

  async insertRule(r: Omit<typeof approvalRules.$inferInsert, 'id'>): Promise<ApprovalRule> {
    const [row] = await this.db.insert(approvalRules).values({ ...r, id: crypto.randomUUID() }).returning();
    return toRule(row!);
  }

  async rules(includeRevoked: boolean): Promise<ApprovalRule[]> {
    const rows = await this.db.select().from(approvalRules).orderBy(desc(approvalRules.createdAt));
    return rows.map(toRule).filter((r) => includeRevoked || !r.revokedAt);
  }

  async getRule(id: string): Promise<ApprovalRule | null> {
    const [row] = await this.db.select().from(approvalRules).where(eq(approvalRules.id, id));
    return row ? toRule(row) : null;
  }

  async revokeRule(id: string, by: string): Promise<ApprovalRule> {
    const [row] = await this.db.update(approvalRules).set({ revokedAt: new Date(), revokedBy: by }).where(eq(approvalRules.id, id)).returning();
    return toRule(row!);
  }
}
