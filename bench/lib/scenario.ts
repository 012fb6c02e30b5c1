/** What every scenario in bench/scenarios/ takes and gives back to bench/run.ts. */

export interface Table {
  title?: string;
  columns: string[];
  rows: (string | number)[][];
}

/** A target from issue 7, next to what this run measured. */
export interface TargetCheck {
  target: string;
  goal: string;
  measured: string;
  /** null: not measured in this run (skipped, or too small a run to say). */
  met: boolean | null;
}

export interface SectionResult {
  id: string;
  title: string;
  /** One line each: what was measured and how, what was skipped and why. */
  notes: string[];
  tables: Table[];
  targets: TargetCheck[];
  /** Raw figures for the JSON report. */
  data: Record<string, unknown>;
  /** Wall time of the scenario, ms. */
  ms?: number;
}

export interface BenchContext {
  /** Smallest sizes that still exercise every code path (the smoke test; --quick). */
  quick: boolean;
  /** Larger sizes: 100k context entries, more agents (--full). */
  full: boolean;
  /** Sizes given on the command line for this scenario (--<id>-sizes=…), else `defaults`. */
  sizes(defaults: number[]): number[];
  log(line: string): void;
}

export interface Scenario {
  id: string;
  title: string;
  run(ctx: BenchContext): Promise<SectionResult>;
}

export function check(target: string, goal: string, measured: number | null, unit: string, met: (x: number) => boolean): TargetCheck {
  if (measured === null || !Number.isFinite(measured)) return { target, goal, measured: 'not measured', met: null };
  const shown = Math.abs(measured) >= 100 ? Math.round(measured) : Math.round(measured * 100) / 100;
  return { target, goal, measured: `${shown} ${unit}`.trim(), met: met(measured) };
}
