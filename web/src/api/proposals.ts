import { apiRequest } from './client.js';
import type { Proposal, ProposalListQuery, ProposalPage } from './types.js';

/** A page of proposals, newest first; kept for offline use (see response-cache.ts). */
export function listProposals(query: Partial<ProposalListQuery>, signal?: AbortSignal): Promise<ProposalPage> {
  return apiRequest<ProposalPage>('/self-modify', { query, signal, offlineFallback: true });
}

export function fetchProposal(id: string, signal?: AbortSignal): Promise<Proposal> {
  return apiRequest<Proposal>(`/self-modify/${encodeURIComponent(id)}`, { signal, offlineFallback: true });
}

/** How many proposals wait for a person: one row is asked for, `total` is the answer. */
export async function countAwaitingApproval(signal?: AbortSignal): Promise<number> {
  return (await listProposals({ state: 'awaiting_approval', limit: 1 }, signal)).total;
}
