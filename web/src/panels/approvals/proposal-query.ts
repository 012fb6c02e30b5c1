import { PAGE_SIZE } from '../../router/list-query.js';
import type { ProposalKind, ProposalState } from '../../api/types.js';
import { PROPOSAL_KINDS, PROPOSAL_STATES } from '../../format/proposal-labels.js';

/**
 * The inbox's filters, kept in the URL like the other lists (`/approvals?state=all`).
 * Without a `state` the inbox shows what waits for a person; `state=all` lifts the
 * filter. Values the API would reject are dropped, not sent.
 */
export interface ProposalQuery {
  /** null: every state. */
  state: ProposalState | null;
  kind: ProposalKind | null;
  /** Proposer agent id. */
  proposer: string | null;
  offset: number;
}

export const DEFAULT_STATE: ProposalState = 'awaiting_approval';
/** The `state` parameter that means "any state". */
export const ALL_STATES = 'all';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function readProposalQuery(params: URLSearchParams): ProposalQuery {
  const state = params.get('state');
  const kind = params.get('kind') ?? '';
  const proposer = params.get('proposer') ?? '';
  const offset = Number.parseInt(params.get('offset') ?? '0', 10);
  return {
    state: state === ALL_STATES ? null : (PROPOSAL_STATES as readonly string[]).includes(state ?? '') ? (state as ProposalState) : DEFAULT_STATE,
    kind: (PROPOSAL_KINDS as readonly string[]).includes(kind) ? (kind as ProposalKind) : null,
    proposer: UUID.test(proposer) ? proposer : null,
    offset: Number.isFinite(offset) && offset > 0 ? offset - (offset % PAGE_SIZE) : 0,
  };
}

/** The URL value for a state chosen in the filter ('' is its "All states" option). */
export function stateParam(chosen: string): string | null {
  if (chosen === '') return ALL_STATES;
  return chosen === DEFAULT_STATE ? null : chosen;
}

/** Anything narrowed beyond the default view. */
export function isFiltered(query: ProposalQuery): boolean {
  return query.state !== DEFAULT_STATE || query.kind !== null || query.proposer !== null;
}
