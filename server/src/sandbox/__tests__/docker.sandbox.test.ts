/**
 * The sandbox conformance suite on the Docker runner (real Engine, hive-sandbox:dev built on
 * demand), plus what only it does: the container is always removed, a missing custom image is
 * a clear error, and how createSandboxRunner chooses.
 */
import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT_MS, dockerAvailable, testDocker } from '../../runtime/__tests__/docker-fixture.js';
import { DOCKER_SOCKET } from '../../../test-support/services.js';
import { DockerSandboxRunner, SANDBOX_LABEL } from '../docker-runner.js';
import { createSandboxRunner } from '../index.js';
import { DEFAULT_SANDBOX_LIMITS } from '../port.js';
import { sandboxConformance } from './sandbox-conformance.js';

const available = await dockerAvailable();
const runner = new DockerSandboxRunner({ connection: { socketPath: DOCKER_SOCKET } });

async function sandboxContainers(): Promise<string[]> {
  const filters = JSON.stringify({ label: [`${SANDBOX_LABEL}=true`] });
  return (await testDocker().listContainers({ all: true, filters } as object)).map((c) => c.Id);
}

describe.runIf(available)('DockerSandboxRunner on a real Docker Engine', () => {
  let base: string;

  beforeAll(async () => {
    // Builds hive-sandbox:dev through the image builder when this Engine lacks it.
    await runner.ensureImage();
    base = await mkdtemp(join(tmpdir(), 'hive-sandbox-docker-'));
    await chmod(base, 0o755);
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    if (base) await rm(base, { recursive: true, force: true });
  });

  sandboxConformance('docker', async () => ({ runner, readOnlyRoot: true }));

  it('removes its container after every run, a timed-out one included', async () => {
    const workdir = await mkdtemp(join(base, 'wt-'));
    const result = await runner.run({ workdir, command: 'sleep 60', limits: { ...DEFAULT_SANDBOX_LIMITS, timeoutMs: 1000 } });
    expect(result.timedOut).toBe(true);
    expect(await sandboxContainers()).toEqual([]);
  });

  it('reports the limits it set and that /tmp is a private tmpfs', async () => {
    const workdir = await mkdtemp(join(base, 'wt-'));
    const limits = { memoryMb: 300, cpus: 0.5, pids: 40, timeoutMs: 20_000 };
    const result = await runner.run({ workdir, command: 'echo scratch > /tmp/x && cat /tmp/x && cat /sys/fs/cgroup/pids/pids.max /sys/fs/cgroup/pids.max 2>/dev/null; true', limits });
    expect(result.output).toContain('scratch');
    expect(result.output).toMatch(/^40$/m);
    expect(result.isolation).toEqual(expect.arrayContaining(['memory 300 MiB (no swap)', 'cpus 0.5', 'pids 40', 'no network (NetworkMode none)', 'cap-drop ALL', 'no-new-privileges']));
  });

  it('removes containers a dead hub left behind, and only those', async () => {
    const docker = testDocker();
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const make = (owner: string) =>
      docker.createContainer({ Image: runner.image, Cmd: ['sleep 60'], Labels: { [SANDBOX_LABEL]: 'true', 'hive.sandbox.owner': owner } });
    const orphan = await make(`${hostname()}/${dead}`);
    const live = await make(`${hostname()}/${process.pid}`);
    const otherMachine = await make(`another-machine/${dead}`);
    try {
      expect(await runner.removeLeftovers()).toBe(1);
      const left = await sandboxContainers();
      expect(left).not.toContain(orphan.id);
      expect(left).toEqual(expect.arrayContaining([live.id, otherMachine.id]));
    } finally {
      for (const c of [orphan, live, otherMachine]) await c.remove({ force: true }).catch(() => undefined);
    }
  });

  it('fails with a clear message when a custom image is missing', async () => {
    const missing = new DockerSandboxRunner({ connection: { socketPath: DOCKER_SOCKET }, image: 'hive-sandbox-missing:none' });
    const workdir = await mkdtemp(join(base, 'wt-'));
    await expect(missing.run({ workdir, command: 'true', limits: DEFAULT_SANDBOX_LIMITS })).rejects.toThrow(
      'the sandbox image hive-sandbox-missing:none is missing; build it with `node scripts/build-images.mjs sandbox`',
    );
    expect(await missing.available()).toEqual({ ok: false, reason: expect.stringContaining('is missing') as string });
  });

  it('createSandboxRunner: auto and docker pick Docker here, process never asks it', async () => {
    const connection = { socketPath: DOCKER_SOCKET };
    expect((await createSandboxRunner('auto', { docker: { connection } })).kind).toBe('docker');
    expect((await createSandboxRunner('docker', { docker: { connection } })).kind).toBe('docker');
    expect((await createSandboxRunner('process', { docker: { connection: { socketPath: '/nonexistent/docker.sock' } } })).kind).toBe('process');
  });
});

describe('createSandboxRunner without a reachable Engine', () => {
  const connection = { socketPath: '/nonexistent/docker.sock' };

  it('auto falls back to the process runner and says why', async () => {
    const lines: string[] = [];
    const chosen = await createSandboxRunner('auto', { docker: { connection }, log: (line) => lines.push(line) });
    expect(chosen.kind).toBe('process');
    expect(lines.join('\n')).toContain('validation sandbox: process, because the Docker Engine at /nonexistent/docker.sock is not reachable');
  });

  it('docker refuses with the reason', async () => {
    await expect(createSandboxRunner('docker', { docker: { connection } })).rejects.toThrow('HIVE_SANDBOX=docker but the Docker Engine at /nonexistent/docker.sock is not reachable');
  });
});
