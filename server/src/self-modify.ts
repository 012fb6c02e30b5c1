/**
 * Wiring of the self-modify pipeline (DESIGN §4) for the composition root: the git adapter,
 * the sandbox runner (chosen on first use, so a hub that never validates anything never
 * probes Docker or builds the sandbox image), Hive's own repository registered as `hive`,
 * and recovery of proposals a previous hub left half-way.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Env } from './env.js';
import { GitCli } from './git/git-cli.js';
import type { GitPort } from './git/port.js';
import { createSandboxRunner, type SandboxRunInput, type SandboxRunner } from './sandbox/index.js';
import type { Services } from './services/index.js';
import { SELF_REPOSITORY } from './services/self-modify/protected-paths.js';
import { ProposalPipeline, type PipelineOptions } from './services/self-modify/proposal-pipeline.js';

const run = promisify(execFile);

/** Creates the configured runner the first time a check runs, then reuses it. */
class LazySandboxRunner implements SandboxRunner {
  private runner: Promise<SandboxRunner> | null = null;
  kind: SandboxRunner['kind'] = 'process';

  constructor(private readonly create: () => Promise<SandboxRunner>) {}

  async run(input: SandboxRunInput) {
    this.runner ??= this.create().catch((err: unknown) => {
      this.runner = null;
      throw err;
    });
    const runner = await this.runner;
    this.kind = runner.kind;
    return runner.run(input);
  }
}

export const gitAdapter = (): GitPort => new GitCli();

/** Register Hive's own checkout as repository `hive` unless an admin registered it already. */
async function registerSelf(services: Services, repoDir: string, checkCommand: string, log: (line: string) => void): Promise<void> {
  if (await services.store.codeRepositories.get(SELF_REPOSITORY)) return;
  const branch = await run('git', ['-C', repoDir, 'symbolic-ref', '--short', 'HEAD']).then((r) => r.stdout.trim(), () => null);
  if (!branch) return log(`self-modify: ${repoDir} is not a git checkout on a branch; Hive's own repository is not registered`);
  await services.store.codeRepositories.upsert({ name: SELF_REPOSITORY, path: repoDir.replace(/\/+$/, ''), targetBranch: branch, checkCommand, healthCommand: null, protectedPaths: [], createdBy: 'system' });
}

/**
 * What a process-sandboxed check must not see: everything in the data directory (database
 * files, agent tokens' registry, VAPID keys) except the proposals' own worktrees.
 */
async function hiddenDataPaths(dataDir: string, workDir: string): Promise<string[]> {
  const entries = await readdir(dataDir).catch(() => [] as string[]);
  return entries.map((name) => join(dataDir, name)).filter((path) => path !== workDir);
}

export async function startSelfModify(services: Services, env: Env, repoDir: string, locks: PipelineOptions['locks'], log: (line: string) => void): Promise<ProposalPipeline> {
  const workDir = join(env.dataDir, 'proposals');
  // The process sandbox runs checks as an unprivileged uid that must reach the worktrees:
  // others may traverse the data directory (not list it; what lies in it is hidden from checks).
  await mkdir(env.dataDir, { recursive: true });
  await chmod(env.dataDir, ((await stat(env.dataDir)).mode & 0o777) | 0o001);
  const sandbox = new LazySandboxRunner(async () =>
    createSandboxRunner(env.sandbox.mode, {
      docker: env.sandbox.image ? { image: env.sandbox.image } : {},
      process: { hiddenPaths: await hiddenDataPaths(env.dataDir, workDir) },
      log,
    }),
  );
  const pipeline = new ProposalPipeline(services.store, gitAdapter(), sandbox, services.approvals, {
    workDir,
    limits: env.sandbox.limits,
    hubHealth: async () => {
      const h = await services.system.health();
      const down = Object.entries(h.components).filter(([, c]) => c.status === 'down').map(([name]) => name);
      return { ok: down.length === 0, detail: down.length ? `down: ${down.join(', ')}` : h.status };
    },
    locks,
    log,
  });
  services.pipeline = pipeline;
  services.proposals.onProposed = (id) => pipeline.validateSoon(id);
  services.approvals.onApproved = (id, approver) => pipeline.applySoon(id, approver);
  await registerSelf(services, repoDir, env.selfCheckCommand, log).catch((err: Error) => log(`self-modify: registering Hive's repository failed: ${err.message}`));
  await pipeline.recover();
  return pipeline;
}
