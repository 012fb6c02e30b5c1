import type { Proposal, Role } from '../../api/types.js';
import { PROPOSAL_STATE_LABELS } from '../../format/proposal-labels.js';
import { roleAtLeast } from '../../state/permissions.js';

/** Whether a person may do something to a proposal now, and if not, the reason to show beside the button. */
export type Permission = { allowed: true } | { allowed: false; reason: string };

export interface ProposalActions {
  approve: Permission;
  /** Approving takes the override box (an admin, checks failed). */
  approveNeedsOverride: boolean;
  reject: Permission;
  rollback: Permission;
}

export interface Viewer {
  username: string;
  role: Role;
  /** The hub cannot be reached (the page shows a cached copy). */
  offline: boolean;
}

const ALLOWED: Permission = { allowed: true };
const deny = (reason: string): Permission => ({ allowed: false, reason });

/** Checks that did not pass (failed, or could not run): approving then needs an admin's override. */
export function validationFailed(proposal: Pick<Proposal, 'validation'>): boolean {
  const status = proposal.validation?.status;
  return status === 'failed' || status === 'error';
}

/**
 * The rules the hub enforces (DESIGN §4), mirrored so the buttons can say why they are
 * off instead of failing after a click. The hub stays the judge: a refusal it sends
 * anyway (a 403, 409 or 422) is shown as its message.
 */
export function proposalActions(proposal: Proposal, viewer: Viewer): ProposalActions {
  const decide = (): Permission => {
    if (viewer.offline) return deny('You are offline: deciding needs the hub.');
    if (!roleAtLeast(viewer.role, 'approver')) return deny(`Deciding takes the approver role; you are ${article(viewer.role)} ${viewer.role}.`);
    if (proposal.proposerUser !== null && proposal.proposerUser === viewer.username) return deny('You proposed this change: someone else must decide on it.');
    if (proposal.state !== 'awaiting_approval') {
      return deny(`It is ${PROPOSAL_STATE_LABELS[proposal.state].toLowerCase()}: only a proposal awaiting approval can be decided.`);
    }
    return ALLOWED;
  };
  const reject = decide();
  let approve = reject;
  const failed = validationFailed(proposal);
  const admin = roleAtLeast(viewer.role, 'admin');
  if (approve.allowed && failed && !admin) approve = deny('Its checks failed: only an admin can approve it, with an explicit override.');

  let rollback: Permission = ALLOWED;
  if (proposal.state !== 'applied') rollback = deny('Only an applied change can be rolled back.');
  else if (viewer.offline) rollback = deny('You are offline: rolling back needs the hub.');
  else if (!roleAtLeast(viewer.role, 'approver')) rollback = deny(`Rolling back takes the approver role; you are ${article(viewer.role)} ${viewer.role}.`);

  return { approve, approveNeedsOverride: approve.allowed && failed && admin, reject, rollback };
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}
