import { apiRequest } from './client.js';
import type { SessionPage } from './types.js';

/** Sessions, newest first. */
export function listSessions(limit: number, signal?: AbortSignal): Promise<SessionPage> {
  return apiRequest<SessionPage>('/sessions', { query: { limit }, signal, offlineFallback: true });
}
