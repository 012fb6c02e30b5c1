import { apiRequest } from './client.js';
import type { Health, SystemStatus } from './types.js';

export function fetchHealth(signal?: AbortSignal): Promise<Health> {
  return apiRequest<Health>('/system/health', { signal });
}

export function fetchSystemStatus(signal?: AbortSignal): Promise<SystemStatus> {
  return apiRequest<SystemStatus>('/system/status', { signal });
}
