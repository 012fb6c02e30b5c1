/**
 * The warm pool over the Docker driver on a real Docker Engine: spawns are claims of parked
 * containers (identity written into the workspace, workspace handed over), parked containers are
 * replaced, adopted by the next hub, and never hold a token; and how a claim compares with a
 * cold start (printed, not asserted: timing is the benchmark's business).
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DockerDriver } from '../docker.js';
import type { AgentLaunchSpec, RuntimeDriver } from '../port.js';
import { DOCKER_SOCKET } from '../../../test-support/services.js';
import { openDockerRuntime, parseDockerRuntimeEnv } from '../docker/config.js';
import { WarmPoolDriver } from '../warm-pool.js';
import {
  BUILD_TIMEOUT_MS,
  buildTestImages,
  dockerAvailable,
  FIXTURE_IMAGE,
  killContainer,
  makeDockerFixture,
  type DockerFixture,
} from './docker-fixture.js';

const available = await dockerAvailable();

function launch(agentType = 'backend'): AgentLaunchSpec & { token: string } {
  const agentId = randomUUID();
  const token = `secret-token-${randomUUID()}`;
  return {
    agentId,
    agentType,
    sessionId: null,
    token,
    env: { HIVE_HUB_URL: 'http://127.0.0.1:9', HIVE_AGENT_ID: agentId, HIVE_AGENT_TOKEN: token, ANTHROPIC_MODEL: 'claude-test' },
  };
}

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const waitReady = (driver: RuntimeDriver, agentId: string) =>
  waitFor(`${agentId} ready`, async () => (await driver.logs(agentId, 1000)).includes('ready') && (await driver.logs(agentId, 1000)));

/** Milliseconds from spawn() to the returned instance, and to the real worker's "starting" line. */
async function timedSpawn(driver: RuntimeDriver, spec: AgentLaunchSpec): Promise<{ spawnMs: number; readyMs: number }> {
  const started = performance.now();
  await driver.spawn(spec);
  const spawnMs = performance.now() - started;
  await waitFor(`${spec.agentId} to start`, async () => (await driver.logs(spec.agentId, 100)).some((l) => l.includes(`agent ${spec.agentId} starting`)));
  return { spawnMs: Math.round(spawnMs), readyMs: Math.round(performance.now() - started) };
}

describe.runIf(available)('warm pool over the Docker driver', () => {
  const fixtures: DockerFixture[] = [];
  const pools: WarmPoolDriver[] = [];
  const setup = async (sizes: Record<string, number>, command?: string[]) => {
    const fx = await makeDockerFixture(command ? { command } : {});
    fixtures.push(fx);
    const pool = new WarmPoolDriver(fx.driver as DockerDriver, { sizes, log: () => undefined });
    pools.push(pool);
    expect(await pool.ready()).toBe(true);
    return { fx, pool, driver: fx.driver as DockerDriver };
  };

  beforeAll(async () => {
    await buildTestImages(['agent-fixture']);
  }, BUILD_TIMEOUT_MS);

  afterEach(async () => {
    for (const pool of pools.splice(0)) await pool.close();
    for (const fx of fixtures.splice(0)) await fx.cleanup();
  });

  it('claims a parked container: renamed to the agent, identity delivered, workspace handed over, pool refilled', async () => {
    const { fx, pool, driver } = await setup({ backend: 1 });
    const [parked] = driver.parkedWorkers();
    const parkedInfo = await fx.docker.getContainer(parked!.ref).inspect();
    expect(parkedInfo.Name).toMatch(/^\/hive-warm-backend-[0-9a-f]{12}$/);
    expect(parkedInfo.Config.Env.some((e) => e.startsWith('HIVE_AGENT_ID=') || e.startsWith('HIVE_AGENT_TOKEN='))).toBe(false);

    const spec = launch();
    const instance = await pool.spawn(spec);
    expect(instance).toMatchObject({ agentId: spec.agentId, ref: parked!.ref, runtime: 'docker', adopted: false });
    expect(pool.stats()).toMatchObject({ claims: 1, coldSpawns: 0, fallbacks: 0 });

    const lines = await waitReady(pool, spec.agentId);
    expect(lines).toContain(`token=present length=${spec.token.length}`);
    expect(lines).toContain('workspace=/workspace cwd=/workspace writable=yes');
    expect(lines.join('\n')).not.toContain(spec.token);
    const claimed = await fx.docker.getContainer(instance.ref).inspect();
    expect(claimed.Name).toBe(`/hive-agent-${spec.agentId}`);
    expect(claimed.Config.Labels).toMatchObject({ 'hive.start': 'warm', 'hive.agent.type': 'backend', 'hive.scope': fx.scope });
    // The token never was in the container's configuration, and the identity file is gone.
    expect(JSON.stringify(claimed)).not.toContain(spec.token);
    const leftovers = await driver.exec(spec.agentId, ['/bin/sh', '-c', 'ls -A /workspace /tmp']);
    expect(leftovers.stdout).not.toContain('hive-identity');
    expect(await readFile(join(fx.dataDir, 'workspaces', spec.agentId, 'hello.txt'), 'utf8')).toBe(`written by ${spec.agentId}\n`);

    expect(await pool.ready()).toBe(true);
    expect(driver.parkedWorkers().map((p) => p.ref)).not.toContain(parked!.ref);
    expect(await pool.list()).toEqual([expect.objectContaining({ agentId: spec.agentId })]);
  });

  it("keeps what an agent's workspace already holds when a parked container takes it over", async () => {
    const { fx, pool, driver } = await setup({ backend: 1 });
    const spec = launch();
    const workspace = join(fx.dataDir, 'workspaces', spec.agentId);
    await mkdir(join(workspace, 'src'), { recursive: true });
    await writeFile(join(workspace, 'src', 'kept.txt'), 'from the last run\n');
    // An identity a worker of the last run never read (its old token) is not carried over.
    await writeFile(join(workspace, '.hive-identity-hive-warm-backend-0123456789ab.json'), '{"version":1,"env":{"HIVE_AGENT_ID":"old"}}');
    await writeFile(join(workspace, '..hive-identity-hive-warm-backend-0123456789ab.json.0a1b2c3d4e5f.tmp'), '{"version":1,"env":{"HIVE_AGENT_ID":"old"}}');
    await pool.spawn(spec);
    await waitReady(pool, spec.agentId);
    const read = await driver.exec(spec.agentId, ['/bin/sh', '-c', 'cat /workspace/src/kept.txt && ls -A /workspace']);
    expect(read.stdout).toBe('from the last run\nhello.txt\nsrc\n');
    expect(pool.stats().claims).toBe(1);
  });

  it('starts cold for a type without parked containers, and refuses a second worker for an agent without losing the parked one', async () => {
    const { pool, driver } = await setup({ backend: 1 });
    const qa = launch('qa');
    await pool.spawn(qa);
    expect(pool.stats()).toMatchObject({ claims: 0, coldSpawns: 1 });

    const spec = launch();
    await pool.spawn(spec);
    await pool.ready();
    const parkedBefore = driver.parkedWorkers().map((p) => p.ref);
    await expect(pool.spawn(spec)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(driver.parkedWorkers().map((p) => p.ref)).toEqual(parkedBefore);
    expect(pool.stats()).toMatchObject({ claims: 1, fallbacks: 0, parked: { backend: 1 } });
  });

  it('replaces a parked container that dies, and the next hub adopts the parked ones', async () => {
    const { fx, pool, driver } = await setup({ backend: 2 });
    const [victim] = driver.parkedWorkers();
    await killContainer(fx.docker, victim!.ref);
    await waitFor('the pool to replace it', async () => {
      const refs = driver.parkedWorkers().map((p) => p.ref);
      return refs.length === 2 && !refs.includes(victim!.ref);
    });
    const before = driver.parkedWorkers().map((p) => p.ref).sort();
    await pool.close();

    const next = new WarmPoolDriver(await fx.reopen() as DockerDriver, { sizes: { backend: 2 }, log: () => undefined });
    pools.push(next);
    expect(await next.ready()).toBe(true);
    expect((next.inner.parkedWorkers().map((p) => p.ref)).sort()).toEqual(before);
    const spec = launch();
    await next.spawn(spec);
    await waitReady(next, spec.agentId);
    expect(next.stats().claims).toBe(1);

    await next.drain();
    expect(next.inner.parkedWorkers()).toEqual([]);
  });

  it('is what openDockerRuntime gives a hub when HIVE_WARM_POOL is set, and not for volume workspaces', async () => {
    const fx = await makeDockerFixture();
    fixtures.push(fx);
    const env = { HIVE_DOCKER_HOST: `unix://${DOCKER_SOCKET}`, HIVE_DOCKER_IMAGE: FIXTURE_IMAGE, HIVE_DOCKER_SCOPE: fx.scope, HIVE_WARM_POOL: 'backend=1' };
    const runtime = await openDockerRuntime(fx.dataDir, parseDockerRuntimeEnv(env), () => undefined);
    try {
      expect(runtime.driver).toBe(runtime.pool);
      expect(await runtime.pool!.ready()).toBe(true);
      const spec = launch();
      await runtime.driver.spawn(spec);
      expect(runtime.pool!.stats()).toMatchObject({ claims: 1 });
      expect((await runtime.docker.exec(spec.agentId, ['/bin/sh', '-c', 'echo $HIVE_AGENT_ID'])).stdout.trim()).toBe('');
      await runtime.pool!.drain();
    } finally {
      await runtime.driver.close();
    }
    const volumes = await openDockerRuntime(fx.dataDir, parseDockerRuntimeEnv({ ...env, HIVE_DOCKER_WORKSPACE: 'volume' }), () => undefined);
    expect(volumes.pool).toBeNull();
    expect(volumes.driver).toBe(volumes.docker);
    await volumes.driver.close();
  });

  it('makes a spawn of the real worker a claim instead of a cold start (timings printed)', async () => {
    // The real agent worker (bundled main.ts) behind the identity hook, from the fixture image.
    const { pool, driver } = await setup({ backend: 3 }, ['/app/agent-parked.mjs']);
    const cold: Array<{ spawnMs: number; readyMs: number }> = [];
    const warm: Array<{ spawnMs: number; readyMs: number }> = [];
    for (let i = 0; i < 3; i++) {
      cold.push(await timedSpawn(driver, launch('cold')));
      warm.push(await timedSpawn(pool, launch()));
    }
    expect(pool.stats()).toMatchObject({ claims: 3, fallbacks: 0 });
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    console.log(
      `agent worker spawn → "starting" logged, median of 3: cold ${median(cold.map((c) => c.readyMs))} ms (spawn() ${median(cold.map((c) => c.spawnMs))} ms); ` +
        `warm claim ${median(warm.map((w) => w.readyMs))} ms (spawn() ${median(warm.map((w) => w.spawnMs))} ms)`,
    );
  });
});
