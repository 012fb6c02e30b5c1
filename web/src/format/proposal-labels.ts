import type { ProposalKind, ProposalState, ProposalValidation, RiskLevel } from '../api/types.js';
import type { DiffChange } from './diff-model.js';
import type { Tone } from './labels.js';

type ValidationStatus = ProposalValidation['status'];
type ValidationRunner = ProposalValidation['runner'];

/*
 * Words and tones for proposals. `Record<Union, …>` like labels.ts: the compiler fails
 * when the shared schemas gain or lose a state, kind or risk level.
 */

export const PROPOSAL_KIND_LABELS: Record<ProposalKind, string> = {
  code_patch: 'Code patch',
  prompt: 'Prompt',
  config: 'Config',
};

export const PROPOSAL_STATE_TONES: Record<ProposalState, Tone> = {
  proposed: 'neutral',
  validating: 'info',
  awaiting_approval: 'warning',
  approved: 'info',
  applying: 'info',
  applied: 'success',
  rejected: 'muted',
  failed: 'danger',
  rolled_back: 'muted',
};

export const RISK_LABELS: Record<RiskLevel, string> = {
  low: 'Low risk',
  medium: 'Medium risk',
  high: 'High risk',
  critical: 'Critical risk',
};

export const RISK_TONES: Record<RiskLevel, Tone> = {
  low: 'success',
  medium: 'warning',
  high: 'danger',
  critical: 'danger',
};

/** What `target` names for each kind, e.g. "Repository". */
export const PROPOSAL_TARGET_LABELS: Record<ProposalKind, string> = {
  code_patch: 'Repository',
  prompt: 'Agent type',
  config: 'Config document',
};

/** Each state in a few words, for the proposal's page and the inbox's filter. */
export const PROPOSAL_STATE_LABELS: Record<ProposalState, string> = {
  proposed: 'Proposed',
  validating: 'Validating',
  awaiting_approval: 'Awaiting approval',
  approved: 'Approved',
  applying: 'Applying',
  applied: 'Applied',
  rejected: 'Rejected',
  failed: 'Failed',
  rolled_back: 'Rolled back',
};

export const VALIDATION_LABELS: Record<ValidationStatus, string> = {
  running: 'Checks running…',
  passed: 'Checks passed',
  failed: 'Checks failed',
  error: 'Checks could not run',
};

export const VALIDATION_TONES: Record<ValidationStatus, Tone> = {
  running: 'info',
  passed: 'success',
  failed: 'danger',
  error: 'danger',
};

export const RUNNER_LABELS: Record<ValidationRunner, string> = {
  docker: 'Docker sandbox',
  process: 'Restricted child process',
  none: 'No sandbox (nothing to run)',
};

export const DIFF_CHANGE_LABELS: Record<DiffChange, string> = {
  modified: 'Modified',
  added: 'Added',
  deleted: 'Deleted',
  renamed: 'Renamed',
  binary: 'Binary',
};

export const PROPOSAL_KINDS = Object.keys(PROPOSAL_KIND_LABELS) as ProposalKind[];
export const PROPOSAL_STATES = Object.keys(PROPOSAL_STATE_TONES) as ProposalState[];
export const RISK_LEVELS = Object.keys(RISK_LABELS) as RiskLevel[];

/** The first characters of a content hash or commit, as git shows them. */
export function shortHash(hash: string): string {
  return hash.slice(0, 12);
}
