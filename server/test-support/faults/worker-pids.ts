/** Agent worker processes, found and killed by pid — only after checking they are workers. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The worker's entry point as it appears on its command line: the bundle the process runtime
 * builds (<dataDir>/agents/bundle/agent-<hash>/main.mjs), or the TypeScript entry through tsx
 * (the fallback when bundling failed).
 */
const WORKER_ENTRY = /\/agent-[0-9a-f]{16}\/main\.mjs\0|\/server\/src\/agent\/main\.ts\0/;

/** True when `pid` is alive and runs the agent worker entry point (not a reused pid). */
export function isAgentWorker(pid: number): boolean {
  try {
    return WORKER_ENTRY.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return false;
  }
}

/** SIGKILL a worker; false when the pid is not (or no longer) an agent worker. */
export function killWorker(pid: number): boolean {
  if (!isAgentWorker(pid)) return false;
  try {
    process.kill(pid, 'SIGKILL');
    return true;
  } catch {
    return false;
  }
}

/** Kill every worker a hub's process registry (<dataDir>/agents/runtime) still lists. */
export function killRegisteredWorkers(hubDataDir: string): number {
  const dir = join(hubDataDir, 'agents', 'runtime');
  let killed = 0;
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return 0;
  }
  for (const name of names) {
    try {
      const { pid } = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { pid: number };
      if (killWorker(pid)) killed++;
    } catch {
      // half-written or foreign file: nothing to kill
    }
  }
  return killed;
}
