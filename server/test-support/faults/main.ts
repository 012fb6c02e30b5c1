/**
 * `npm run faults`: a long randomized fault run (see fault-run.ts), then a report in
 * faults/results/. Options: --faults=N (default 300), --seed=S (default random, printed),
 * --agents=K (default 4), --task-every-ms=M (default 400), --out=DIR. Exits 1 unless every task
 * completed exactly once and nothing was missed.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_WEIGHTS, runFaults } from './fault-run.js';
import { renderReport, writeReport } from './report.js';

const { values } = parseArgs({
  options: {
    faults: { type: 'string', default: '300' },
    seed: { type: 'string' },
    agents: { type: 'string', default: '4' },
    'task-every-ms': { type: 'string', default: '400' },
    out: { type: 'string', default: 'faults/results' },
  },
});
const seed = values.seed ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
const log = (line: string) => console.log(line);
log(`seed ${seed}`);
const report = await runFaults({
  faults: Number(values.faults),
  seed,
  agents: Number(values.agents),
  gapMs: [200, 1500],
  taskEveryMs: Number(values['task-every-ms']),
  weights: DEFAULT_WEIGHTS,
  settleTimeoutMs: 300_000,
  log,
});
console.log(`\n${renderReport(report)}`);
const files = writeReport(values.out, report);
console.log(`report: ${files.md}, ${files.json}`);
process.exit(report.passed ? 0 : 1);
