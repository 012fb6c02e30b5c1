/**
 * Writing a proposal's state: every change is one row update, one `proposal.updated` event
 * for the dashboard, and (for decisions and pipeline steps) one audit entry naming who, what
 * hash and why. Proposals that leave the open states stop counting as conflicts.
 */
import { OPEN_PROPOSAL_STATES, type Proposal } from '../../../../shared/index.js';
import type { ProposalPatch } from '../../store/repos/proposals.js';
import type { Repositories } from '../../store/store.js';

/** The proposal as events carry it: everything but the (possibly large) content. */
export function summary(p: Proposal): Omit<Proposal, 'content'> {
  const { content: _content, ...rest } = p;
  return rest;
}

export const isOpen = (state: Proposal['state']) => (OPEN_PROPOSAL_STATES as readonly string[]).includes(state);

export async function recordAudit(tx: Repositories, actor: string, action: string, p: Proposal, details: Record<string, unknown>): Promise<void> {
  await tx.audit.append({ actor, action: `proposal.${action}`, resource: 'proposal', resourceId: p.id, details: { contentHash: p.contentHash, ...details }, ip: null });
}

export async function updateProposal(tx: Repositories, actor: string, id: string, patch: ProposalPatch): Promise<Proposal> {
  const p = await tx.proposals.update(id, patch);
  await tx.events.append({ type: 'proposal.updated', subject: `proposal:${id}`, actor, payload: summary(p) });
  if (patch.state && !isOpen(patch.state)) await releaseConflicts(tx, actor, p);
  return p;
}

/** A proposal that is no longer open (or was revised) no longer conflicts with anyone. */
export async function releaseConflicts(tx: Repositories, actor: string, p: Proposal): Promise<void> {
  for (const other of await tx.proposals.conflictingWith(p.id)) {
    await updateProposal(tx, actor, other.id, { conflictsWith: other.conflictsWith.filter((id) => id !== p.id) });
  }
  if (p.conflictsWith.length) await tx.proposals.update(p.id, { conflictsWith: [] });
}

/** Move a proposal only if it is still in one of `from` (another hub may have moved it). */
export async function transition(tx: Repositories, actor: string, id: string, from: Proposal['state'][], patch: ProposalPatch & { state: Proposal['state'] }): Promise<Proposal | null> {
  const current = await tx.proposals.getForUpdate(id);
  if (!current || !from.includes(current.state)) return null;
  return updateProposal(tx, actor, id, patch);
}
