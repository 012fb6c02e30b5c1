import { apiRequest } from './client.js';
import type { DomainEvent, EventPage } from './types.js';

export interface EventListParams {
  /** Events with a sequence number greater than this. */
  after?: number;
  limit?: number;
  type?: DomainEvent['type'];
  subject?: string;
}

/** Events in sequence order after `after`; `lastSeq` is the seq to resume after. */
export function listEvents(params: EventListParams, signal?: AbortSignal): Promise<EventPage> {
  return apiRequest<EventPage>('/events', { query: { ...params }, signal });
}

/**
 * The newest `count` events, newest first.
 *
 * The log is read forwards only (`after`), and `lastSeq` is the last seq *of the page*,
 * so the head of the log is not known up front. Rather than download the whole log,
 * this finds the head with one-event probes (a galloping search, about 2·log2(n) tiny
 * requests) and then reads the tail behind it. If the hub reports the head of the log
 * as `lastSeq`, the search is skipped.
 */
export async function fetchRecentEvents(count: number, signal?: AbortSignal): Promise<DomainEvent[]> {
  const first = await listEvents({ after: 0, limit: 1 }, signal);
  const firstSeq = first.items[0]?.seq;
  if (firstSeq === undefined) return [];
  const head = first.lastSeq > firstSeq ? first.lastSeq : await findHeadSeq(firstSeq, signal);
  const tail = await listEvents({ after: Math.max(0, head - count), limit: count }, signal);
  return [...tail.items].reverse();
}

/** The smallest seq greater than `after`, or null when the log ends at or before it. */
async function nextSeqAfter(after: number, signal?: AbortSignal): Promise<number | null> {
  const page = await listEvents({ after, limit: 1 }, signal);
  return page.items[0]?.seq ?? null;
}

/** Gallop step to start with: small logs need one or two probes. */
const FIRST_STEP = 64;

/** Highest seq in the log, given one that exists. Sequence gaps do not matter. */
async function findHeadSeq(knownSeq: number, signal?: AbortSignal): Promise<number> {
  // Invariants: an event with seq `low` exists; no event has a seq above `high`.
  let low = knownSeq;
  let high: number | null = null;
  for (let step = FIRST_STEP; high === null; step *= 2) {
    const next = await nextSeqAfter(low + step - 1, signal);
    if (next === null) high = low + step - 1;
    else low = next;
  }
  while (low < high) {
    const mid = Math.floor((low + high + 1) / 2);
    const next = await nextSeqAfter(mid - 1, signal);
    if (next === null) high = mid - 1;
    else low = next;
  }
  return low;
}
