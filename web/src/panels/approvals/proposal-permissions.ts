import type { Proposal, ProposalState, Role } from '../../api/types.js';
import { roleAtLeast } from '../../state/permissions.js';

/** Whether a person may do something to a proposal now, and if not, the reason to show beside the button. */
export type Permission = { allowed: true } | { allowed: false; reason: string };

export interface ProposalActions {
  approve: Permission;
  /** Approving takes the override box (an admin, checks not passed). */
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

/**
 * Checks that did not pass (failed, could not run, still running or never run): approving
 * then needs an admin's override. The hub asks for it on anything but `passed`.
 */
export function validationNotPassed(proposal: Pick<Proposal, 'validation'>): boolean {
  return proposal.validation?.status !== 'passed';
}

/** Where a proposal that cannot be decided stands, as the start of the reason shown. */
const NOT_DECIDABLE: Record<ProposalState, string> = {
  proposed: 'This proposal is still waiting to be validated',
  validating: 'This proposal is still being validated',
  awaiting_approval: 'This proposal is awaiting approval',
  approved: 'This proposal has already been approved',
  applying: 'This proposal is being applied',
  applied: 'This proposal has been applied',
  rejected: 'This proposal has been rejected',
  failed: 'This proposal has failed',
  rolled_back: 'This proposal has been rolled back',
};

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
      return deny(`${NOT_DECIDABLE[proposal.state]}: only a proposal awaiting approval can be decided.`);
    }
    return ALLOWED;
  };
  const reject = decide();
  let approve = reject;
  const failed = validationNotPassed(proposal);
  const admin = roleAtLeast(viewer.role, 'admin');
  if (approve.allowed && failed && !admin) approve = deny('Its checks have not passed: only an admin can approve it, with an explicit override.');

  let rollback: Permission = ALLOWED;
  if (proposal.state !== 'applied') rollback = deny('Only an applied change can be rolled back.');
  else if (viewer.offline) rollback = deny('You are offline: rolling back needs the hub.');
  else if (!roleAtLeast(viewer.role, 'approver')) rollback = deny(`Rolling back takes the approver role; you are ${article(viewer.role)} ${viewer.role}.`);

  return { approve, approveNeedsOverride: approve.allowed && failed && admin, reject, rollback };
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}
