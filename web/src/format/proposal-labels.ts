import type { ProposalKind, ProposalState, RiskLevel } from '../api/types.js';
import type { Tone } from './labels.js';

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

export const PROPOSAL_KINDS = Object.keys(PROPOSAL_KIND_LABELS) as ProposalKind[];
export const PROPOSAL_STATES = Object.keys(PROPOSAL_STATE_TONES) as ProposalState[];
