import { apiRequest } from './client.js';
import type { DomainEvent, EventPage } from './types.js';

export interface EventListParams {
  /** Events with a sequence number greater than this. */
  after?: number;
  limit?: number;
  type?: DomainEvent['type'];
  subject?: string;
}

export function listEvents(params: EventListParams, signal?: AbortSignal): Promise<EventPage> {
  return apiRequest<EventPage>('/events', { query: { ...params }, signal });
}

/**
 * The newest `count` events, newest first. The log is read forwards only (`after`), so
 * this asks once for the head of the log (`lastSeq`) and then reads the tail behind it.
 */
export async function fetchRecentEvents(count: number, signal?: AbortSignal): Promise<DomainEvent[]> {
  const head = await listEvents({ after: 0, limit: 1 }, signal);
  if (head.lastSeq === 0) return [];
  const tail = await listEvents({ after: Math.max(0, head.lastSeq - count), limit: count }, signal);
  return [...tail.items].reverse();
}
