/** Command line and environment of `npm run bench`: which scenarios, at which sizes. */

export interface BenchOptions {
  only: string[] | null;
  skip: string[];
  quick: boolean;
  full: boolean;
  outDir: string;
  /** Per-scenario sizes replacing its defaults (what a size means is the scenario's: agents, clients, entries, req/s). */
  sizes: Record<string, number[]>;
}

export const USAGE = `npm run bench -- [--only=a,b] [--skip=a,b] [--quick | --full] [--out=dir]
  scenarios: spawn, dispatch, agents, rest, fanout, context
  --quick  smallest sizes (seconds; what the smoke test runs)
  --full   larger sizes (fleet up to 500 agents, longer steps)
  --<scenario>-sizes=a,b  replace a scenario's sizes: spawn samples, dispatch offered tasks/s,
           agents fleet sizes, rest req/s, fanout clients, context entries
  env: BENCH_ONLY, BENCH_SKIP, BENCH_QUICK=1, BENCH_FULL=1, BENCH_OUT, BENCH_<SCENARIO>_SIZES`;

const list = (v: string | undefined) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : null);

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv, known: string[]): BenchOptions {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new Error(`unexpected argument "${arg}"\n${USAGE}`);
    flags.set(m[1]!, m[2] ?? 'true');
  }
  const sizes: Record<string, number[]> = {};
  for (const id of known) {
    const text = flags.get(`${id}-sizes`) ?? env[`BENCH_${id.toUpperCase()}_SIZES`];
    if (text === undefined) continue;
    const values = text.split(',').map(Number);
    if (values.length === 0 || values.some((v) => !Number.isFinite(v) || v <= 0)) throw new Error(`${id} sizes must be positive numbers, got "${text}"`);
    sizes[id] = values;
  }
  for (const name of flags.keys()) {
    const allowed = ['only', 'skip', 'quick', 'full', 'out', 'help', ...known.map((id) => `${id}-sizes`)];
    if (!allowed.includes(name)) throw new Error(`unknown option --${name}\n${USAGE}`);
  }
  if (flags.has('help')) throw new Error(USAGE);
  const only = list(flags.get('only') ?? env.BENCH_ONLY);
  const skip = list(flags.get('skip') ?? env.BENCH_SKIP) ?? [];
  for (const id of [...(only ?? []), ...skip]) {
    if (!known.includes(id)) throw new Error(`unknown scenario "${id}"; known: ${known.join(', ')}`);
  }
  const quick = flags.has('quick') || env.BENCH_QUICK === '1';
  const full = !quick && (flags.has('full') || env.BENCH_FULL === '1');
  return { only, skip, quick, full, outDir: flags.get('out') ?? env.BENCH_OUT ?? 'bench/results', sizes };
}
