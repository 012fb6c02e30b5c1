import { apiRequest } from './client.js';
import type { DomainEvent, EventPage } from './types.js';

export interface EventListParams {
  /** Events with a sequence number greater than this. */
  after?: number;
  limit?: number;
  type?: DomainEvent['type'];
  subject?: string;
  order?: 'asc' | 'desc';
}

/** Events in sequence order after `after`; `lastSeq` is the seq to resume after. */
export function listEvents(params: EventListParams, signal?: AbortSignal): Promise<EventPage> {
  return apiRequest<EventPage>('/events', { query: { ...params }, signal });
}

/** The newest `count` events, newest first. */
export async function fetchRecentEvents(count: number, signal?: AbortSignal): Promise<DomainEvent[]> {
  return (await listEvents({ order: 'desc', limit: count }, signal)).items;
}

/** The newest seq in the log: where a live collection's snapshot starts. */
export async function fetchHeadSeq(signal?: AbortSignal): Promise<number> {
  return (await listEvents({ order: 'desc', limit: 1 }, signal)).headSeq;
}
