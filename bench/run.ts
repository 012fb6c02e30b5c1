/**
 * `npm run bench`: every scenario of bench/scenarios/ (spawn per runtime, dispatch and
 * end-to-end throughput with a BullMQ ceiling, concurrent agents, REST at fixed rates against
 * a bare Hono handler, Socket.IO fan-out, context search), one after the other, then one
 * markdown + JSON report in bench/results/ with the machine at the top. Options: see USAGE
 * in lib/options.ts (`npm run bench -- --only=dispatch --quick`).
 */
import { describeMachine, machineLine } from './lib/machine.js';
import { parseOptions } from './lib/options.js';
import { writeReport } from './lib/report.js';
import type { SectionResult } from './lib/scenario.js';
import { SCENARIOS } from './scenarios/index.js';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const options = parseOptions(args, process.env, SCENARIOS.map((s) => s.id));
  const startedAt = new Date();
  const machine = describeMachine();
  console.log(`Machine: ${machineLine(machine)}`);
  const chosen = SCENARIOS.filter((s) => (options.only ? options.only.includes(s.id) : true) && !options.skip.includes(s.id));
  const sections: SectionResult[] = [];
    for (const scenario of chosen) {
    console.log(`▶ ${scenario.title}`);
    const t0 = performance.now();
    try {
      const result = await scenario.run({
        quick: options.quick,
        full: options.full,
        sizes: (defaults) => options.sizes[scenario.id] ?? defaults,
        log: (line) => console.log(`  ${line}`),
      });
      sections.push({ ...result, ms: performance.now() - t0 });
    } catch (err) {
      // One broken scenario should not cost the figures of the others: report it and go on.
      const message = err instanceof Error ? err.message : String(err);
      console.error(`  ${scenario.id} failed: ${message}`);
      sections.push({ id: scenario.id, title: scenario.title, notes: [`**Failed**: ${message.split('\n')[0]}`], tables: [], targets: [], data: { error: message }, ms: performance.now() - t0 });
      process.exitCode = 1;
    }
  }
  const { md, json, markdown } = writeReport(options.outDir, machine, { startedAt, args, quick: options.quick, full: options.full }, sections);
  console.log(`\n${markdown}\nWrote ${md} and ${json}`);
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(2);
});
