/**
 * The command line that starts an agent worker, and its fingerprint. The fingerprint lets a
 * restarted hub tell its own worker from an unrelated process that reused the pid.
 *
 * Workers run the agent entry prebuilt with esbuild (agent-bundle-cache.ts): `node
 * <dataDir>/bundle/agent-<hash>/main.mjs` starts several times faster and uses less memory than
 * compiling TypeScript through tsx in every worker. When bundling fails the worker still
 * starts, through tsx, and the reason is logged.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { prepareBundle, type BundleCacheOptions, type PreparedBundle } from './agent-bundle-cache.js';
import { AGENT_ENTRY, REPO_ROOT } from './agent-bundle.js';

export interface AgentCommand {
  executable: string;
  args: string[];
}

/**
 * `node --import tsx <repo>/server/src/agent/main.ts`: the fallback. The tsx loader is passed as
 * an absolute URL because workers run with their workspace as cwd, where a bare `tsx` would not resolve.
 */
export function tsxAgentCommand(): AgentCommand {
  const tsxLoader = createRequire(import.meta.url).resolve('tsx');
  const entry = fileURLToPath(new URL('../agent/main.ts', import.meta.url));
  return { executable: process.execPath, args: ['--import', pathToFileURL(tsxLoader).href, entry] };
}

/** `node <bundle>`: the bundle holds its dependencies, so any cwd works. */
export function bundledAgentCommand(bundlePath: string): AgentCommand {
  return { executable: process.execPath, args: [bundlePath] };
}

/** Hash of the argv exactly as the kernel shows it in /proc/<pid>/cmdline. */
export function fingerprintArgv(argv: readonly string[]): string {
  return createHash('sha256').update(argv.join('\0')).digest('hex');
}

export function commandFingerprint(command: AgentCommand): string {
  return fingerprintArgv([command.executable, ...command.args]);
}

/** Sources are checked again (a stat per input) at most this often, so an edited agent takes effect without a hub restart. */
const DEFAULT_RECHECK_MS = 2_000;

export interface AgentCommandSourceOptions {
  /** The bundle cache directory (under the driver's data dir). */
  cacheDir: string;
  /** Where a fallback to tsx is explained. */
  log?: (line: string) => void;
  /** Replaces the bundler (tests). */
  bundle?: BundleCacheOptions['bundle'];
  /** How long a checked bundle is used without checking its sources again. Default 2 s. */
  recheckMs?: number;
}

/**
 * The command for the next spawn. Preparing starts at once (at hub start, in the background,
 * so the first spawn rarely waits for esbuild); spawns share one check at a time.
 */
export class AgentCommandSource {
  private pending: Promise<AgentCommand> | null = null;
  private checkedAt = 0;
  private lastFailure: string | null = null;
  private readonly log: (line: string) => void;

  constructor(private readonly options: AgentCommandSourceOptions) {
    this.log = options.log ?? ((line) => console.warn(line));
    void this.current();
  }

  current(): Promise<AgentCommand> {
    if (this.pending && Date.now() - this.checkedAt < (this.options.recheckMs ?? DEFAULT_RECHECK_MS)) return this.pending;
    this.checkedAt = Date.now();
    const previous = this.pending;
    // A check while one is still running waits for it instead of starting esbuild twice.
    this.pending = (previous ?? Promise.resolve()).then(() => this.prepare());
    return this.pending;
  }

  /** Resolves once no preparation is writing into the cache dir (a closing driver waits for it before its dir may be removed). */
  async settled(): Promise<void> {
    await this.pending?.catch(() => undefined);
  }

  private async prepare(): Promise<AgentCommand> {
    let prepared: PreparedBundle;
    try {
      prepared = await prepareBundle({ dir: this.options.cacheDir, entry: join(REPO_ROOT, AGENT_ENTRY), bundle: this.options.bundle });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      // Once per distinct failure, not at every recheck.
      if (reason !== this.lastFailure) this.log(`runtime: could not bundle the agent worker, starting workers through tsx instead: ${reason}`);
      this.lastFailure = reason;
      return tsxAgentCommand();
    }
    this.lastFailure = null;
    return bundledAgentCommand(prepared.path);
  }
}
