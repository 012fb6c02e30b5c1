import type { DomainEvent, TaskStatus } from '../../api/types.js';

/** Minutes the sparklines cover. */
export const WINDOW_MINUTES = 30;
const MINUTE_MS = 60_000;

export interface Throughput {
  /** Tasks that completed in each minute, oldest first; the last is the current minute. */
  completed: number[];
  /** Tasks that failed for good (failed or dead-lettered) in each minute. */
  failed: number[];
  /** The events at hand do not reach back over the whole window. */
  partial: boolean;
  /** How many minutes they do cover (when partial). */
  coveredMinutes: number;
}

const FAILED: readonly TaskStatus[] = ['failed', 'dead_letter'];

/**
 * Completions and failures per minute over the last half hour, from `task.updated`
 * events (newest first, as the live feed holds them, at most `historyLimit` of them: when
 * they are that many, older minutes may be missing). Each task counts once per outcome,
 * at the first event that reports it, so an update after completion is not a second one.
 */
export function throughput(events: readonly DomainEvent[], now: number, historyLimit: number): Throughput {
  const completed = new Array<number>(WINDOW_MINUTES).fill(0);
  const failed = new Array<number>(WINDOW_MINUTES).fill(0);
  const currentMinute = Math.floor(now / MINUTE_MS);
  const first = new Map<string, DomainEvent>();
  for (const event of events) {
    const status = event.payload['status'] as TaskStatus | undefined;
    const id = event.payload['id'];
    if (typeof id !== 'string' || (status !== 'completed' && !FAILED.includes(status as TaskStatus))) continue;
    const key = `${id}:${status === 'completed' ? 'completed' : 'failed'}`;
    const seen = first.get(key);
    if (!seen || event.seq < seen.seq) first.set(key, event);
  }
  for (const [key, event] of first) {
    const index = WINDOW_MINUTES - 1 - (currentMinute - Math.floor(Date.parse(event.createdAt) / MINUTE_MS));
    if (index < 0 || index >= WINDOW_MINUTES) continue;
    const series = key.endsWith(':completed') ? completed : failed;
    series[index] = (series[index] ?? 0) + 1;
  }
  const oldest = events.at(-1);
  const reach = oldest ? Math.floor((now - Date.parse(oldest.createdAt)) / MINUTE_MS) : WINDOW_MINUTES;
  const partial = events.length >= historyLimit && reach < WINDOW_MINUTES;
  return { completed, failed, partial, coveredMinutes: reach };
}
