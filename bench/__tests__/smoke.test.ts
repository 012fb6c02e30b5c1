/**
 * Keeps the benchmark from rotting: every scenario runs at its quick size and must produce a
 * well-formed section with real measurements. It asserts shape and sanity, never speed
 * (benchmarks are not tests, DESIGN §7). Docker parts skip themselves without an Engine,
 * the Redis stack and BullMQ without redis-server.
 */
import { describe, expect, it } from 'vitest';
import { renderReport } from '../lib/report.js';
import { describeMachine } from '../lib/machine.js';
import { parseOptions } from '../lib/options.js';
import type { SectionResult } from '../lib/scenario.js';
import { percentile, summarize } from '../lib/stats.js';
import { SCENARIOS } from '../scenarios/index.js';

const ctx = { quick: true, full: false, sizes: (d: number[]) => d, log: () => {} };

describe('bench library', () => {
  it('computes nearest-rank percentiles', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 99)).toBe(99);
    expect(summarize([3, 1, 2])).toMatchObject({ n: 3, min: 1, p50: 2, max: 3, mean: 2 });
    expect(summarize([]).n).toBe(0);
  });

  it('parses options and refuses unknown scenarios', () => {
    const ids = SCENARIOS.map((s) => s.id);
    expect(parseOptions(['--only=dispatch,rest', '--quick'], {}, ids)).toMatchObject({ only: ['dispatch', 'rest'], quick: true, full: false });
    expect(parseOptions([], { BENCH_ONLY: 'spawn', BENCH_FULL: '1' }, ids)).toMatchObject({ only: ['spawn'], full: true });
    expect(() => parseOptions(['--only=nope'], {}, ids)).toThrow('unknown scenario');
    expect(() => parseOptions(['--fast'], {}, ids)).toThrow('unknown option');
  });
});

describe('every scenario at its quick size', { timeout: 120_000 }, () => {
  // In parallel: each scenario has its own hub process(es), so they do not interfere beyond CPU.
  const runs = new Map<string, Promise<SectionResult>>();
  const result = (id: string) => {
    if (!runs.has(id)) for (const s of SCENARIOS) runs.set(s.id, s.run(ctx));
    return runs.get(id)!;
  };

  it.each(SCENARIOS.map((s) => s.id))('%s produces a section with measurements', async (id) => {
    const section = await result(id);
    expect(section.id).toBe(id);
    expect(section.tables.length).toBeGreaterThan(0);
    for (const table of section.tables) {
      expect(table.rows.length).toBeGreaterThan(0);
      for (const row of table.rows) expect(row).toHaveLength(table.columns.length);
    }
    // Every row measured something: at least one finite number besides labels.
    for (const row of section.tables.flatMap((t) => t.rows)) {
      expect(row.slice(1).some((cell) => Number.isFinite(Number(cell)) && Number(cell) > 0), JSON.stringify(row)).toBe(true);
    }
    const markdown = renderReport(describeMachine(), { startedAt: new Date(), args: ['--quick'], quick: true, full: false }, [section]);
    expect(markdown).toContain(`## ${section.title}`);
  });
});
