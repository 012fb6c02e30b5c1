/** The fault run's report: printed, and written as markdown + JSON. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { FAULT_KINDS, type FaultReport } from './fault-run.js';

export function renderReport(r: FaultReport): string {
  const v = r.verdict;
  const rows: [string, string | number][] = [
    ...FAULT_KINDS.map((k): [string, number] => [`faults: ${k}`, r.faults[k]]),
    ['faults: agent kills mid-task', r.faults.agentKillsMidTask],
    ['faults injected', r.faults.total],
    ['hub crashes (not injected; restarted by the run)', r.hubCrashes],
    ['tasks (in the database)', v.tasks],
    ['task creations answered 201', v.accepted],
    ['task creations refused or unanswered (hub, Redis or Postgres down)', r.creationsRefused],
    ['completed', v.completed],
    ['lost', v.lost],
    ['duplicated', v.duplicated],
    ['completed without result or output', v.missingResultOrOutput],
    ['completion events', v.completionEvents],
    ['events in the log during the run', v.eventsInLog],
    ['events the dashboard missed', v.dashboardMissed],
  ];
  return [
    `# Fault run ${r.passed ? 'PASSED' : 'FAILED'}`,
    '',
    `Seed ${r.seed} (replay: \`npm run faults -- --seed=${r.seed} --faults=${r.faults.total} --agents=${r.agents}\`), ${r.agents} agents, ${r.durationS} s, started ${r.startedAt}.`,
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
    `Hub process + redis-server + pg-server (PGlite with pgvector over the wire protocol), process-runtime agents on the offline model.`,
    '',
    '| measure | count |',
    '| --- | ---: |',
    ...rows.map(([k, n]) => `| ${k} | ${n} |`),
    '',
    ...(v.problems.length ? ['Problems:', '', ...v.problems.map((p) => `- ${p}`), ''] : []),
  ].join('\n');
}

export function writeReport(dir: string, r: FaultReport): { md: string; json: string } {
  mkdirSync(dir, { recursive: true });
  const stamp = r.startedAt.replace(/[:.]/g, '-');
  const md = join(dir, `faults-${stamp}.md`);
  const json = join(dir, `faults-${stamp}.json`);
  writeFileSync(md, `${renderReport(r)}\n`);
  writeFileSync(json, `${JSON.stringify(r, null, 2)}\n`);
  return { md, json };
}
