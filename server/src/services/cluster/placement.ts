/**
 * Placement (pure): which runtime targets may take a new agent worker, best first.
 *
 * A target qualifies when it runs the agent's runtime kind, is not down, is not draining and
 * has a free slot (capacity − load > 0, or no set capacity). Among those, healthy ('ok')
 * targets come before degraded ones, then the most free capacity wins — so agents spread
 * over targets instead of filling the first — then the lighter load, then the id, so the
 * order is deterministic. A target without a capacity counts as having unlimited room.
 */
import type { Runtime } from '../../../../shared/index.js';

export interface PlacementCandidate {
  id: string;
  kind: string;
  status: 'ok' | 'degraded' | 'down';
  draining: boolean;
  capacity: number | null;
  /** Agents placed there now (starting, idle, busy or paused). */
  load: number;
}

export interface PlacementRanking<T extends PlacementCandidate> {
  /** Targets that may take the agent, best first. */
  ranked: T[];
  /** Why each other target of the kind was passed over. */
  refused: { id: string; reason: string }[];
}

export function freeSlots(c: Pick<PlacementCandidate, 'capacity' | 'load'>): number {
  return c.capacity === null ? Number.POSITIVE_INFINITY : c.capacity - c.load;
}

export function rankTargets<T extends PlacementCandidate>(runtime: Runtime, candidates: readonly T[]): PlacementRanking<T> {
  const ranked: T[] = [];
  const refused: { id: string; reason: string }[] = [];
  for (const c of candidates) {
    if (c.kind !== runtime) continue;
    if (c.status === 'down') refused.push({ id: c.id, reason: 'down' });
    else if (c.draining) refused.push({ id: c.id, reason: 'draining' });
    else if (freeSlots(c) <= 0) refused.push({ id: c.id, reason: `full (${c.load}/${c.capacity})` });
    else ranked.push(c);
  }
  ranked.sort(
    (a, b) =>
      Number(b.status === 'ok') - Number(a.status === 'ok') ||
      compareFree(freeSlots(b), freeSlots(a)) ||
      a.load - b.load ||
      a.id.localeCompare(b.id),
  );
  return { ranked, refused };
}

/** Infinity − Infinity is NaN, which sort treats as "equal" only by accident; be explicit. */
function compareFree(x: number, y: number): number {
  return x === y ? 0 : x > y ? 1 : -1;
}
