import { describe, expect, it } from 'vitest';
import { freeSlots, rankTargets, type PlacementCandidate } from '../placement.js';

const target = (id: string, over: Partial<PlacementCandidate> = {}): PlacementCandidate => ({
  id, kind: 'docker', status: 'ok', draining: false, capacity: 4, load: 0, ...over,
});
const ids = (r: { ranked: PlacementCandidate[] }) => r.ranked.map((t) => t.id);

describe('placement', () => {
  it('puts the target with the most free capacity first', () => {
    const r = rankTargets('docker', [target('a', { capacity: 4, load: 3 }), target('b', { capacity: 10, load: 5 }), target('c', { capacity: 2, load: 0 })]);
    expect(ids(r)).toEqual(['b', 'c', 'a']);
  });

  it('spreads a run of placements over the targets by free capacity', () => {
    const targets = [target('a', { capacity: 2 }), target('b', { capacity: 4 })];
    const placed: string[] = [];
    for (let i = 0; i < 6; i++) {
      const best = rankTargets('docker', targets).ranked[0]!;
      best.load++;
      placed.push(best.id);
    }
    // Free room (a, b): (2,4) b, (2,3) b, (2,2) a by load, (1,2) b, (1,1) a by load, (0,1) b.
    expect(placed).toEqual(['b', 'b', 'a', 'b', 'a', 'b']);
    expect(rankTargets('docker', targets).ranked).toEqual([]);
  });

  it('never places beyond a target’s capacity, on a draining or down target, or on another runtime', () => {
    const r = rankTargets('docker', [
      target('full', { capacity: 2, load: 2 }),
      target('draining', { draining: true }),
      target('down', { status: 'down' }),
      target('k8s', { kind: 'kubernetes' }),
      target('ok', { capacity: 1, load: 0 }),
    ]);
    expect(ids(r)).toEqual(['ok']);
    expect(r.refused).toEqual([
      { id: 'full', reason: 'full (2/2)' },
      { id: 'draining', reason: 'draining' },
      { id: 'down', reason: 'down' },
    ]);
  });

  it('prefers healthy targets over degraded ones, whatever their room', () => {
    const r = rankTargets('docker', [target('degraded', { status: 'degraded', capacity: 100 }), target('ok', { capacity: 1 })]);
    expect(ids(r)).toEqual(['ok', 'degraded']);
  });

  it('treats a target without a capacity as unlimited, ties broken by load then id', () => {
    expect(freeSlots({ capacity: null, load: 1000 })).toBe(Number.POSITIVE_INFINITY);
    const r = rankTargets('docker', [target('z', { capacity: null, load: 3 }), target('y', { capacity: null, load: 1 }), target('x', { capacity: null, load: 1 }), target('w', { capacity: 1000 })]);
    expect(ids(r)).toEqual(['x', 'y', 'z', 'w']);
  });

  it('refuses everything when no target of the runtime qualifies', () => {
    const r = rankTargets('process', [target('a'), target('b', { kind: 'process', status: 'down' })]);
    expect(r.ranked).toEqual([]);
    expect(r.refused).toEqual([{ id: 'b', reason: 'down' }]);
  });
});
