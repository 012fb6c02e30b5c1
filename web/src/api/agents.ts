import { apiRequest } from './client.js';
import type { Agent, AgentListQuery, AgentPage, CreateAgentInput } from './types.js';

export function listAgents(query: Partial<AgentListQuery>, signal?: AbortSignal): Promise<AgentPage> {
  return apiRequest<AgentPage>('/agents', { query, signal });
}

export function createAgent(input: CreateAgentInput): Promise<Agent> {
  return apiRequest<Agent>('/agents', { method: 'POST', body: input });
}
