import { apiRequest } from './client.js';
import type { Health, SystemStatus } from './types.js';

/** The hub's health; a 503 still carries the report of which component is down. */
export function fetchHealth(signal?: AbortSignal): Promise<Health> {
  return apiRequest<Health>('/system/health', { signal, acceptStatuses: [503] });
}

export function fetchSystemStatus(signal?: AbortSignal): Promise<SystemStatus> {
  return apiRequest<SystemStatus>('/system/status', { signal });
}

/** Puts one agent to sleep: it finishes nothing new until woken. */
export function sleepAgent(agentId: string, reason?: string): Promise<unknown> {
  return apiRequest('/system/sleep', { method: 'POST', body: { agentId, ...(reason ? { reason } : {}) } });
}

export function wakeAgent(agentId: string): Promise<unknown> {
  return apiRequest('/system/wake', { method: 'POST', body: { agentId } });
}
