/** Writes one markdown + JSON report for a run to bench/results/<timestamp>.{md,json}. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { machineLine, type Machine } from './machine.js';
import type { SectionResult, Table, TargetCheck } from './scenario.js';

export interface RunInfo {
  startedAt: Date;
  args: string[];
  quick: boolean;
  full: boolean;
}

const cell = (v: string | number) => String(v).replace(/\|/g, '\\|');

export function renderTable(t: Table): string {
  const head = `| ${t.columns.map(cell).join(' | ')} |`;
  const rule = `| ${t.columns.map((_, i) => (i === 0 ? '---' : '--:')).join(' | ')} |`;
  const body = t.rows.map((r) => `| ${r.map(cell).join(' | ')} |`);
  return [...(t.title ? [`**${t.title}**`, ''] : []), head, rule, ...body].join('\n');
}

export function targetsTable(targets: TargetCheck[]): Table {
  return {
    columns: ['target', 'goal', 'measured', 'met'],
    rows: targets.map((t) => [t.target, t.goal, t.measured, t.met === null ? 'n/a' : t.met ? 'met' : 'not met']),
  };
}

export function renderReport(machine: Machine, info: RunInfo, sections: SectionResult[]): string {
  const targets = sections.flatMap((s) => s.targets);
  const parts = [
    `# Hive benchmark ${info.startedAt.toISOString()}`,
    '',
    `Machine: ${machineLine(machine)}`,
    '',
    `Run: \`npm run bench${info.args.length ? ` -- ${info.args.join(' ')}` : ''}\`${info.quick ? ' (quick sizes)' : info.full ? ' (full sizes)' : ''}.`,
    '',
    '> This machine is small and shared: absolute figures are noisy from run to run. Compare the ratios',
    '> measured side by side in the same run (hub vs bare Hono, Hive vs bare BullMQ, warm vs cold),',
    '> not single figures across runs. Latencies in ms; p50/p95/p99 are nearest-rank percentiles.',
    '',
    '## Targets',
    '',
    renderTable(targetsTable(targets)),
  ];
  for (const s of sections) {
    parts.push('', `## ${s.title}`, '');
    if (s.notes.length) parts.push(...s.notes.map((n) => `- ${n}`), '');
    for (const t of s.tables) parts.push(renderTable(t), '');
    if (s.ms !== undefined) parts.push(`_${(s.ms / 1000).toFixed(1)} s_`);
  }
  return `${parts.join('\n')}\n`;
}

export function writeReport(dir: string, machine: Machine, info: RunInfo, sections: SectionResult[]): { md: string; json: string; markdown: string } {
  mkdirSync(dir, { recursive: true });
  const stamp = info.startedAt.toISOString().replace(/[:.]/g, '-');
  const markdown = renderReport(machine, info, sections);
  const md = join(dir, `${stamp}.md`);
  const json = join(dir, `${stamp}.json`);
  writeFileSync(md, markdown);
  writeFileSync(json, `${JSON.stringify({ startedAt: info.startedAt.toISOString(), args: info.args, machine, sections }, null, 2)}\n`);
  return { md, json, markdown };
}
