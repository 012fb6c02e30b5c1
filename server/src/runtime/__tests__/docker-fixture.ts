/**
 * The Docker runtime's test fixture: images built through scripts/build-images.mjs, drivers
 * on a unique label scope per fixture (so parallel test files never adopt, list or reap each
 * other's containers), and cleanup that removes every container and volume of that scope.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { DOCKER_SOCKET, dockerReachable, requireService } from '../../../test-support/services.js';
import { DockerDriver, type DockerDriverOptions } from '../docker.js';
import type { BuildResult } from '../docker/image-build.js';
import { LABELS } from '../docker/labels.js';
import type { RuntimeDriver } from '../port.js';
import { WarmPoolDriver, type WarmPoolOptions } from '../warm-pool.js';
import type { RuntimeFixture } from './runtime-conformance.js';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

export const FIXTURE_IMAGE = 'hive-agent-fixture:dev';
export const AGENT_IMAGE = 'hive-agent:dev';
export const SANDBOX_IMAGE = 'hive-sandbox:dev';
/** First builds copy ~100 MB per image into the Engine. */
export const BUILD_TIMEOUT_MS = 10 * 60_000;

export const dockerAvailable = () =>
  requireService('Docker Engine', dockerReachable(DOCKER_SOCKET), `start dockerd (dockerd --iptables=false &) or set DOCKER_TEST_SOCKET; tried ${DOCKER_SOCKET}`);

export const testDocker = () => new Docker({ socketPath: DOCKER_SOCKET });

/** Runs the build script (the same one people run) and returns what it reports. */
export async function buildTestImages(names = ['agent', 'sandbox', 'agent-fixture']): Promise<BuildResult[]> {
  const { stdout } = await run(process.execPath, [join(REPO, 'scripts/build-images.mjs'), ...names, '--json', '--socket', DOCKER_SOCKET], {
    cwd: REPO,
    maxBuffer: 16 * 1024 * 1024,
    timeout: BUILD_TIMEOUT_MS,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as BuildResult[];
}

/** Removes every container (and volume) of a test scope. */
export async function removeScope(docker: Docker, scope: string): Promise<void> {
  const filters = JSON.stringify({ label: [`${LABELS.scope}=${scope}`] });
  const containers = await docker.listContainers({ all: true, filters } as Docker.ContainerListOptions);
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
  const { Volumes } = await docker.listVolumes({ filters } as object);
  await Promise.all((Volumes ?? []).map((v) => docker.getVolume(v.Name).remove().catch(() => undefined)));
}

export async function killContainer(docker: Docker, ref: string): Promise<void> {
  const container = docker.getContainer(ref);
  await container.kill({ signal: 'SIGKILL' }).catch(() => undefined);
  await container.wait({ condition: 'not-running' }).catch(() => undefined);
}

export interface DockerFixture extends RuntimeFixture {
  dataDir: string;
  scope: string;
  docker: Docker;
  /** Opens another driver on the same state (for tests that want two at once). */
  open(extra?: Partial<DockerDriverOptions>): Promise<DockerDriver>;
}

export async function makeDockerFixture(extra: Partial<DockerDriverOptions> = {}): Promise<DockerFixture> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hive-docker-'));
  const scope = `test-${randomUUID().slice(0, 12)}`;
  const docker = testDocker();
  const drivers: RuntimeDriver[] = [];
  const open = async (more: Partial<DockerDriverOptions> = {}) => {
    const driver = await DockerDriver.open({
      dataDir,
      socketPath: DOCKER_SOCKET,
      image: FIXTURE_IMAGE,
      scope,
      network: 'host',
      memoryBytes: 256 * 1024 ** 2,
      watchIntervalMs: 500,
      log: () => undefined,
      ...extra,
      ...more,
    });
    drivers.push(driver);
    return driver;
  };
  return {
    dataDir,
    scope,
    docker,
    open,
    driver: await open(),
    reopen: () => open(),
    killWorker: (instance) => killContainer(docker, instance.ref),
    cleanup: async () => {
      for (const driver of drivers) await driver.close();
      await removeScope(docker, scope);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Claims and cold starts across every warm fixture of this test file. */
export const warmTotals = { claims: 0, coldSpawns: 0 };

/** The same fixture with every driver wrapped in a warm pool, filled before it is handed out. */
export async function makeWarmFixture(pool: Omit<WarmPoolOptions, 'log'>, extra: Partial<DockerDriverOptions> = {}): Promise<DockerFixture> {
  const base = await makeDockerFixture(extra);
  const pools: WarmPoolDriver[] = [];
  const wrap = async (driver: DockerDriver) => {
    const warm = new WarmPoolDriver(driver, { ...pool, log: () => undefined });
    pools.push(warm);
    if (!(await warm.ready())) throw new Error(`the warm pool did not fill: ${JSON.stringify(warm.stats())}`);
    return warm;
  };
  return {
    ...base,
    driver: await wrap(base.driver as DockerDriver),
    reopen: async () => wrap(await base.open()),
    cleanup: async () => {
      for (const warm of pools) await warm.close();
      for (const warm of pools) {
        warmTotals.claims += warm.stats().claims;
        warmTotals.coldSpawns += warm.stats().coldSpawns;
      }
      await base.cleanup();
      // A claim that fails falls back to a cold start, which would pass every test while hiding the failure.
      const fallbacks = pools.reduce((sum, warm) => sum + warm.stats().fallbacks, 0);
      if (fallbacks > 0) throw new Error(`${fallbacks} warm-pool claim(s) failed and fell back to a cold start`);
    },
  };
}
