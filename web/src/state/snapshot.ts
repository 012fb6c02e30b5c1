import { staleSince } from '../api/response-cache.js';
import type { Snapshot } from './live-collection.js';

/** `{ items, total }`: a page of a REST list. */
interface Page<T> {
  items: T[];
  total: number;
}

/** The REST lists' largest page. */
export const MAX_PAGE = 200;

/**
 * Every row of a paginated list, page after page, up to `max` rows. A page served from
 * the offline cache marks the snapshot stale.
 */
export async function loadPages<T>(
  fetchPage: (limit: number, offset: number, signal: AbortSignal) => Promise<Page<T>>,
  max: number,
  signal: AbortSignal,
): Promise<Snapshot<T>> {
  const items: T[] = [];
  let stale: Date | null = null;
  for (let offset = 0; offset < max; offset += MAX_PAGE) {
    const page = await fetchPage(Math.min(MAX_PAGE, max - offset), offset, signal);
    stale = older(stale, staleSince(page));
    items.push(...page.items);
    if (page.items.length === 0 || offset + page.items.length >= page.total) break;
  }
  return { items, staleSince: stale };
}

/** Several snapshots as one (e.g. one per task status). */
export function combineSnapshots<T>(snapshots: readonly Snapshot<T>[]): Snapshot<T> {
  return {
    items: snapshots.flatMap((snapshot) => snapshot.items),
    staleSince: snapshots.reduce<Date | null>((stale, snapshot) => older(stale, snapshot.staleSince), null),
  };
}

function older(a: Date | null, b: Date | null): Date | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}

/** The later of two ISO times (either may be missing). */
export function laterTime(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}
