/**
 * The command line that starts an agent worker, and its fingerprint. The fingerprint lets a
 * restarted hub tell its own worker from an unrelated process that reused the pid.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface AgentCommand {
  executable: string;
  args: string[];
}

/**
 * `node --import tsx <repo>/server/src/agent/main.ts`. The tsx loader is passed as an absolute
 * URL because workers run with their workspace as cwd, where a bare `tsx` would not resolve.
 */
export function defaultAgentCommand(): AgentCommand {
  const tsxLoader = createRequire(import.meta.url).resolve('tsx');
  const entry = fileURLToPath(new URL('../agent/main.ts', import.meta.url));
  return { executable: process.execPath, args: ['--import', pathToFileURL(tsxLoader).href, entry] };
}

/** Hash of the argv exactly as the kernel shows it in /proc/<pid>/cmdline. */
export function fingerprintArgv(argv: readonly string[]): string {
  return createHash('sha256').update(argv.join('\0')).digest('hex');
}

export function commandFingerprint(command: AgentCommand): string {
  return fingerprintArgv([command.executable, ...command.args]);
}
