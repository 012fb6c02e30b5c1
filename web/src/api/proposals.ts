import { apiRequest } from './client.js';
import type {
  ApprovalRule,
  ApprovalRuleInput,
  ApproveInput,
  AuditEntry,
  HistoryPage,
  Proposal,
  ProposalDetail,
  ProposalListQuery,
  ProposalPage,
  RejectInput,
  RollbackInput,
} from './types.js';

const base = (id: string) => `/self-modify/${encodeURIComponent(id)}`;

/** A page of proposals, newest first; kept for offline use (see response-cache.ts). */
export function listProposals(query: Partial<ProposalListQuery>, signal?: AbortSignal): Promise<ProposalPage> {
  return apiRequest<ProposalPage>('/self-modify', { query, signal, offlineFallback: true });
}

/** One proposal with its reviews and, for prompt and config changes, the text it replaces. */
export function fetchProposal(id: string, signal?: AbortSignal): Promise<ProposalDetail> {
  return apiRequest<ProposalDetail>(base(id), { signal, offlineFallback: true });
}

/** Every decision about a proposal from the audit log, oldest first. */
export async function fetchProposalTrail(id: string, signal?: AbortSignal): Promise<AuditEntry[]> {
  return (await apiRequest<{ items: AuditEntry[] }>(`${base(id)}/trail`, { signal })).items;
}

/** How many proposals wait for a person: one row is asked for, `total` is the answer. */
export async function countAwaitingApproval(signal?: AbortSignal): Promise<number> {
  return (await listProposals({ state: 'awaiting_approval', limit: 1 }, signal)).total;
}

/** Approves exactly the content with this hash (409 when the proposal changed since). */
export function approveProposal(id: string, input: ApproveInput): Promise<Proposal> {
  return apiRequest<Proposal>(`${base(id)}/approve`, { method: 'POST', body: input });
}

export function rejectProposal(id: string, input: RejectInput): Promise<Proposal> {
  return apiRequest<Proposal>(`${base(id)}/reject`, { method: 'POST', body: input });
}

export function rollbackProposal(id: string, input: RollbackInput): Promise<Proposal> {
  return apiRequest<Proposal>(`${base(id)}/rollback`, { method: 'POST', body: input });
}

/** Applies and rollbacks, newest first. */
export function listHistory(query: { limit?: number; offset?: number; proposalId?: string }, signal?: AbortSignal): Promise<HistoryPage> {
  return apiRequest<HistoryPage>('/self-modify/history', { query, signal, offlineFallback: true });
}

export async function listApprovalRules(signal?: AbortSignal): Promise<ApprovalRule[]> {
  return (await apiRequest<{ items: ApprovalRule[] }>('/self-modify/rules', { signal })).items;
}

export function createApprovalRule(input: ApprovalRuleInput): Promise<ApprovalRule> {
  return apiRequest<ApprovalRule>('/self-modify/rules', { method: 'POST', body: input });
}

export function revokeApprovalRule(id: string): Promise<ApprovalRule> {
  return apiRequest<ApprovalRule>(`/self-modify/rules/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
