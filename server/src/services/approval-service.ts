import { roleAtLeast, type ApprovalRule, type ApprovalRuleInput, type ApproveInput, type Proposal, type RejectInput } from '../../../shared/index.js';
import type { Principal } from '../auth/principal.js';
import { actorLabel } from '../auth/principal.js';
import { AppError } from '../errors.js';
import type { Repositories, Store } from '../store/store.js';
import { recordAudit, transition } from './self-modify/proposal-records.js';
import { riskRank } from './self-modify/risk.js';

/**
 * Decisions on proposals (DESIGN §4). Only an approver decides, never the proposer; a
 * decision names the content hash that was reviewed, so a changed proposal needs a new one;
 * a failed validation can be overridden by an admin only, explicitly. Remembered allow-rules
 * approve matching agent proposals without a person. Every decision lands in the audit log.
 */
export class ApprovalService {
  /** Called after an approval commits (the hub applies the proposal). */
  onApproved: (id: string, approver: string) => void = () => {};

  constructor(private readonly store: Store) {}

  async approve(principal: Principal, id: string, input: ApproveInput): Promise<Proposal> {
    const actor = actorLabel(principal);
    const reviewer = principal.user.username;
    const proposal = await this.store.transaction(async (tx) => {
      const p = await this.reviewable(tx, principal, id, input.contentHash);
      const validationPassed = p.validation?.status === 'passed';
      if (!validationPassed && !input.override) {
        throw AppError.field('override', `validation ${p.validation?.status ?? 'has not run'}: only an admin can approve it, with override: true`);
      }
      if (!validationPassed && principal.role !== 'admin') throw new AppError('FORBIDDEN', 'only an admin may override a failed validation');
      const override = !validationPassed;
      await tx.proposals.addReview({ proposalId: id, decision: 'approved', contentHash: p.contentHash, reviewer, comment: input.comment ?? null, override });
      const approved = (await transition(tx, actor, id, ['awaiting_approval'], { state: 'approved', stateReason: null }))!;
      await tx.events.append({ type: 'proposal.reviewed', subject: `proposal:${id}`, actor, payload: { id, decision: 'approved', reviewer, contentHash: p.contentHash, override } });
      await recordAudit(tx, actor, 'approved', p, { decision: 'approved', comment: input.comment ?? null, override });
      return approved;
    });
    this.onApproved(id, reviewer);
    return proposal;
  }

  async reject(principal: Principal, id: string, input: RejectInput): Promise<Proposal> {
    const actor = actorLabel(principal);
    return this.store.transaction(async (tx) => {
      const p = await this.reviewable(tx, principal, id, input.contentHash);
      await tx.proposals.addReview({ proposalId: id, decision: 'rejected', contentHash: p.contentHash, reviewer: principal.user.username, comment: input.comment, override: false });
      const rejected = (await transition(tx, actor, id, ['awaiting_approval'], { state: 'rejected', stateReason: input.comment }))!;
      await tx.events.append({ type: 'proposal.reviewed', subject: `proposal:${id}`, actor, payload: { id, decision: 'rejected', reviewer: principal.user.username, contentHash: p.contentHash } });
      await recordAudit(tx, actor, 'rejected', p, { decision: 'rejected', comment: input.comment });
      return rejected;
    });
  }

  /** The proposal, locked, if this person may decide on exactly this version of it now. */
  private async reviewable(tx: Repositories, principal: Principal, id: string, contentHash: string): Promise<Proposal> {
    if (!roleAtLeast(principal.role, 'approver')) throw new AppError('FORBIDDEN', 'deciding on proposals needs the approver role');
    const p = await tx.proposals.getForUpdate(id);
    if (!p) throw AppError.notFound('proposal', id);
    if (p.proposerUser === principal.user.username) throw new AppError('FORBIDDEN', 'you proposed this change: another approver must decide on it');
    if (p.state !== 'awaiting_approval') throw new AppError('CONFLICT', `the proposal is ${p.state.replace(/_/g, ' ')}; only a proposal awaiting approval can be decided`, { state: p.state });
    if (p.contentHash !== contentHash) {
      throw new AppError('CONFLICT', `the proposal changed since you reviewed it (you reviewed ${contentHash.slice(0, 12)}, it is now ${p.contentHash.slice(0, 12)}): review it again`, { contentHash: p.contentHash });
    }
    return p;
  }

  /**
   * Called by the pipeline (inside its transaction) when validation passed: the first active
   * rule matching the proposal approves it in the rule's name.
   */
  async approveByRule(tx: Repositories, p: Proposal): Promise<ApprovalRule | null> {
    if (!p.proposerAgentId || p.validation?.status !== 'passed' || p.conflictsWith.length || !p.riskLevel) return null;
    const agent = await tx.agents.get(p.proposerAgentId);
    const lines = (p.diffStat?.added ?? 0) + (p.diffStat?.removed ?? 0);
    const rule = (await tx.proposals.rules(false)).find(
      (r) =>
        r.kind === p.kind &&
        (r.target === null || r.target === p.target) &&
        (r.proposerType === null || r.proposerType === agent?.type) &&
        lines <= r.maxLines &&
        riskRank(p.riskLevel!) <= riskRank(r.maxRisk),
    );
    if (!rule) return null;
    const reviewer = `rule:${rule.id}`;
    await tx.proposals.addReview({ proposalId: p.id, decision: 'approved', contentHash: p.contentHash, reviewer, comment: rule.description, override: false, ruleId: rule.id });
    await transition(tx, reviewer, p.id, ['awaiting_approval'], { state: 'approved', stateReason: null });
    await tx.events.append({ type: 'proposal.reviewed', subject: `proposal:${p.id}`, actor: reviewer, payload: { id: p.id, decision: 'approved', reviewer, contentHash: p.contentHash, ruleId: rule.id } });
    await recordAudit(tx, reviewer, 'approved', p, { decision: 'approved', comment: `allow-rule: ${rule.description} (created by ${rule.createdBy})`, override: false, ruleId: rule.id });
    return rule;
  }

  rules(includeRevoked = false): Promise<ApprovalRule[]> {
    return this.store.proposals.rules(includeRevoked);
  }

  async createRule(actor: string, input: ApprovalRuleInput): Promise<ApprovalRule> {
    if (input.kind === 'prompt' && input.target && !(await this.store.agentTypes.get(input.target))) throw AppError.field('target', `unknown agent type ${input.target}`);
    if (input.proposerType && !(await this.store.agentTypes.get(input.proposerType))) throw AppError.field('proposerType', `unknown agent type ${input.proposerType}`);
    return this.store.transaction(async (tx) => {
      const rule = await tx.proposals.insertRule({ ...input, target: input.target ?? null, proposerType: input.proposerType ?? null, createdBy: actor });
      await tx.audit.append({ actor, action: 'approval_rule.created', resource: 'approval_rule', resourceId: rule.id, details: { ...input }, ip: null });
      return rule;
    });
  }

  async revokeRule(actor: string, id: string): Promise<ApprovalRule> {
    return this.store.transaction(async (tx) => {
      const rule = await tx.proposals.getRule(id);
      if (!rule) throw AppError.notFound('approval rule', id);
      if (rule.revokedAt) throw new AppError('CONFLICT', `rule ${id} was already revoked by ${rule.revokedBy}`);
      const revoked = await tx.proposals.revokeRule(id, actor);
      await tx.audit.append({ actor, action: 'approval_rule.revoked', resource: 'approval_rule', resourceId: id, details: { description: rule.description }, ip: null });
      return revoked;
    });
  }
}
