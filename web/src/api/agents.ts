import { apiRequest } from './client.js';
import type { Agent, AgentListQuery, AgentPage, CreateAgentInput, MessagePage } from './types.js';

/** One page of the list; kept for offline use, when it comes back stale (response-cache.ts). */
export function listAgents(query: Partial<AgentListQuery>, signal?: AbortSignal): Promise<AgentPage> {
  return apiRequest<AgentPage>('/agents', { query, signal, offlineFallback: true });
}

export function createAgent(input: CreateAgentInput): Promise<Agent> {
  return apiRequest<Agent>('/agents', { method: 'POST', body: input });
}

export function fetchAgent(id: string, signal?: AbortSignal): Promise<Agent> {
  return apiRequest<Agent>(`/agents/${encodeURIComponent(id)}`, { signal });
}

/** Spawns the agent's runtime (a created, stopped or failed agent). */
export function startAgent(id: string): Promise<Agent> {
  return apiRequest<Agent>(`/agents/${encodeURIComponent(id)}/start`, { method: 'POST' });
}

/** Stops the agent's runtime; its task goes back to the queue. */
export function stopAgent(id: string): Promise<Agent> {
  return apiRequest<Agent>(`/agents/${encodeURIComponent(id)}/stop`, { method: 'POST' });
}

/** Stops and starts the agent's runtime again. */
export function restartAgent(id: string): Promise<Agent> {
  return apiRequest<Agent>(`/agents/${encodeURIComponent(id)}/restart`, { method: 'POST' });
}

/** The last lines the agent's worker wrote, oldest first. */
export async function fetchAgentLogs(id: string, tail: number, signal?: AbortSignal): Promise<string[]> {
  return (await apiRequest<{ lines: string[] }>(`/agents/${encodeURIComponent(id)}/logs`, { query: { tail }, signal })).lines;
}

/** Messages to and from the agent, newest first. */
export function listAgentMessages(id: string, limit: number, signal?: AbortSignal): Promise<MessagePage> {
  return apiRequest<MessagePage>(`/agents/${encodeURIComponent(id)}/messages`, { query: { limit }, signal });
}
