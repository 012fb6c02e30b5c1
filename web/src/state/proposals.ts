import { fetchProposal, fetchProposalTrail, listHistory, listProposals } from '../api/proposals.js';
import type { AuditEntry, DomainEvent, HistoryPage, ProposalDetail, ProposalListQuery, ProposalPage } from '../api/types.js';
import type { LiveSpec } from './live-resource.js';
import { LiveValue } from './live-value.js';

/*
 * Proposals, live. `proposal.updated` carries the proposal without its content (a diff can
 * be megabytes), so no event can stand in for a REST answer: every page here is a
 * LiveValue, loaded again (throttled) when an event of the `approvals` room says it may
 * have changed, and after every reconnect.
 */

const PROPOSAL_EVENT = /^proposal\./;
/** Fast enough to feel live, slow enough that a burst of validations is one reload. */
const THROTTLE_MS = 800;

/** Which proposal an event is about (`proposal:<id>` subject, or the payload's id). */
export function proposalIdOf(event: DomainEvent): string | null {
  if (!PROPOSAL_EVENT.test(event.type)) return null;
  if (event.subject.startsWith('proposal:')) return event.subject.slice('proposal:'.length);
  const payload = event.payload as Record<string, unknown> | null;
  const id = payload?.['proposalId'] ?? payload?.['id'];
  return typeof id === 'string' ? id : null;
}

/** A page of the inbox with its filters: new proposals appear and states change without a reload. */
export function proposalPageSpec(query: Partial<ProposalListQuery>): LiveSpec<LiveValue<ProposalPage>> {
  return {
    key: `proposals:${JSON.stringify(query)}`,
    create: (host) =>
      new LiveValue(host, {
        rooms: ['approvals'],
        load: (signal) => listProposals(query, signal),
        affectedBy: (event) => PROPOSAL_EVENT.test(event.type),
        throttleMs: THROTTLE_MS,
      }),
  };
}

/** One proposal with its reviews (and previous text), reloaded when an event names it. */
export function proposalSpec(id: string): LiveSpec<LiveValue<ProposalDetail>> {
  return {
    key: `proposal:${id}`,
    create: (host) =>
      new LiveValue(host, {
        rooms: ['approvals'],
        load: (signal) => fetchProposal(id, signal),
        affectedBy: (event) => proposalIdOf(event) === id,
        throttleMs: THROTTLE_MS,
      }),
  };
}

/** A proposal's audit trail (who did what, when, with which hash and why). */
export function proposalTrailSpec(id: string): LiveSpec<LiveValue<AuditEntry[]>> {
  return {
    key: `proposal-trail:${id}`,
    create: (host) =>
      new LiveValue(host, {
        rooms: ['approvals'],
        load: (signal) => fetchProposalTrail(id, signal),
        affectedBy: (event) => proposalIdOf(event) === id,
        throttleMs: THROTTLE_MS,
      }),
  };
}

/** A page of applies and rollbacks; an apply or rollback is a `proposal.updated`. */
export function historySpec(limit: number, offset: number): LiveSpec<LiveValue<HistoryPage>> {
  return {
    key: `proposal-history:${limit}:${offset}`,
    create: (host) =>
      new LiveValue(host, {
        rooms: ['approvals'],
        load: (signal) => listHistory({ limit, offset }, signal),
        affectedBy: (event) => event.type === 'proposal.updated',
        throttleMs: THROTTLE_MS,
      }),
  };
}
