import { PAGE_SIZE } from '../../router/list-query.js';
import type { ProposalKind, ProposalListQuery, ProposalState, RiskLevel } from '../../api/types.js';
import { PROPOSAL_KINDS, PROPOSAL_STATES, RISK_LEVELS } from '../../format/proposal-labels.js';

/** Who proposed: an agent (by id) or a person (by username). */
export type Proposer = { kind: 'agent'; id: string } | { kind: 'user'; username: string };

/**
 * The inbox's filters, kept in the URL like the other lists (`/approvals?state=all`).
 * Without a `state` the inbox shows what waits for a person; `state=all` lifts the
 * filter. `proposer` is an agent id or `user:<username>`. Values the API would reject
 * are dropped, not sent.
 */
export interface ProposalQuery {
  /** null: every state. */
  state: ProposalState | null;
  kind: ProposalKind | null;
  risk: RiskLevel | null;
  proposer: Proposer | null;
  offset: number;
}

export const DEFAULT_STATE: ProposalState = 'awaiting_approval';
/** The `state` parameter that means "any state". */
export const ALL_STATES = 'all';
const USER_PREFIX = 'user:';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function readProposalQuery(params: URLSearchParams): ProposalQuery {
  const state = params.get('state');
  const kind = params.get('kind') ?? '';
  const risk = params.get('risk') ?? '';
  const offset = Number.parseInt(params.get('offset') ?? '0', 10);
  return {
    state: state === ALL_STATES ? null : (PROPOSAL_STATES as readonly string[]).includes(state ?? '') ? (state as ProposalState) : DEFAULT_STATE,
    kind: (PROPOSAL_KINDS as readonly string[]).includes(kind) ? (kind as ProposalKind) : null,
    risk: (RISK_LEVELS as readonly string[]).includes(risk) ? (risk as RiskLevel) : null,
    proposer: readProposer(params.get('proposer') ?? ''),
    offset: Number.isFinite(offset) && offset > 0 ? offset - (offset % PAGE_SIZE) : 0,
  };
}

function readProposer(value: string): Proposer | null {
  if (UUID.test(value)) return { kind: 'agent', id: value.toLowerCase() };
  if (value.startsWith(USER_PREFIX)) {
    const username = value.slice(USER_PREFIX.length).trim();
    if (username.length > 0 && username.length <= 100) return { kind: 'user', username };
  }
  return null;
}

/** The URL (and filter option) value of a proposer. */
export function proposerParam(proposer: Proposer): string {
  return proposer.kind === 'agent' ? proposer.id : `${USER_PREFIX}${proposer.username}`;
}

/** The REST query of these filters (one page). */
export function toListQuery(query: ProposalQuery, limit: number): Partial<ProposalListQuery> {
  return {
    state: query.state ?? undefined,
    kind: query.kind ?? undefined,
    riskLevel: query.risk ?? undefined,
    proposerAgentId: query.proposer?.kind === 'agent' ? query.proposer.id : undefined,
    proposerUser: query.proposer?.kind === 'user' ? query.proposer.username : undefined,
    limit,
    offset: query.offset,
  };
}

/** The URL value for a state chosen in the filter ('' is its "All states" option). */
export function stateParam(chosen: string): string | null {
  if (chosen === '') return ALL_STATES;
  return chosen === DEFAULT_STATE ? null : chosen;
}

/** Anything narrowed beyond the default view. */
export function isFiltered(query: ProposalQuery): boolean {
  return query.state !== DEFAULT_STATE || query.kind !== null || query.risk !== null || query.proposer !== null;
}
