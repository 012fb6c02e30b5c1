/**
 * The validation sandbox (DESIGN §4): `createSandboxRunner(mode)` picks the runner. `auto` takes
 * Docker when the Engine answers and the sandbox image exists or can be built, and the process
 * runner otherwise; `docker` insists (and fails with the reason); `process` never asks Docker.
 */
import { DockerSandboxRunner, type DockerSandboxOptions } from './docker-runner.js';
import type { SandboxMode } from './config.js';
import type { SandboxRunner } from './port.js';
import { ProcessSandboxRunner, type ProcessSandboxOptions } from './process-runner.js';

export * from './port.js';
export { parseSandboxEnv, type SandboxConfig, type SandboxMode } from './config.js';
export { DockerSandboxRunner, SANDBOX_IMAGE } from './docker-runner.js';
export { ProcessSandboxRunner } from './process-runner.js';

export interface SandboxDeps {
  docker?: Omit<DockerSandboxOptions, 'log'>;
  process?: Omit<ProcessSandboxOptions, 'log'>;
  /** Why a runner was chosen, and what the process runner could not get. */
  log?: (line: string) => void;
}

export async function createSandboxRunner(mode: SandboxMode, deps: SandboxDeps = {}): Promise<SandboxRunner> {
  const log = deps.log ?? (() => undefined);
  const processRunner = () => new ProcessSandboxRunner({ ...deps.process, log });
  if (mode === 'process') return processRunner();
  const docker = new DockerSandboxRunner({ ...deps.docker, log });
  const available = await docker.available();
  if (available.ok) {
    log(`validation sandbox: docker (${docker.image})`);
    const removed = await docker.removeLeftovers().catch((err: unknown) => {
      log(`validation sandbox: could not look for leftover containers: ${(err as Error).message}`);
      return 0;
    });
    if (removed > 0) log(`validation sandbox: removed ${removed} container(s) left by a hub that stopped mid-run`);
    return docker;
  }
  if (mode === 'docker') throw new Error(`HIVE_SANDBOX=docker but ${available.reason}`);
  log(`validation sandbox: process, because ${available.reason}`);
  return processRunner();
}
