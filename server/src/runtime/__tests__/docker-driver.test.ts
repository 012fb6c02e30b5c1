/**
 * The Docker driver beyond the conformance suite, on a real Docker Engine: container
 * hardening, the token kept out of labels and logs, adoption after a restart, reaping
 * orphans, exec, volume workspaces, a missing image, and the real agent image running the
 * bundled worker.
 */
import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DockerDriver } from '../docker.js';
import type { AgentLaunchSpec, ExitInfo } from '../port.js';
import {
  AGENT_IMAGE,
  BUILD_TIMEOUT_MS,
  buildTestImages,
  dockerAvailable,
  makeDockerFixture,
  removeScope,
  SANDBOX_IMAGE,
  testDocker,
  type DockerFixture,
} from './docker-fixture.js';

const available = await dockerAvailable();

function launch(env: Record<string, string> = {}): AgentLaunchSpec & { token: string } {
  const agentId = randomUUID();
  const token = `secret-token-${randomUUID()}`;
  return {
    agentId,
    agentType: 'backend',
    sessionId: `session-${randomUUID()}`,
    token,
    env: { HIVE_HUB_URL: 'http://127.0.0.1:9', HIVE_AGENT_ID: agentId, HIVE_AGENT_TOKEN: token, ...env },
  };
}

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const waitReady = (driver: DockerDriver, agentId: string) =>
  waitFor(`${agentId} ready`, async () => (await driver.logs(agentId, 1000)).includes('ready'));

describe.runIf(available)('DockerDriver on a real Docker Engine', () => {
  const fixtures: DockerFixture[] = [];
  const fixture = async (extra: Parameters<typeof makeDockerFixture>[0] = {}) => {
    const fx = await makeDockerFixture(extra);
    fixtures.push(fx);
    return fx;
  };

  beforeAll(async () => {
    const results = await buildTestImages();
    for (const r of results) console.log(`image ${r.tag}: ${(r.sizeBytes / 1e6).toFixed(1)} MB (${r.built ? `built in ${r.ms} ms` : 'up to date'})`);
  }, BUILD_TIMEOUT_MS);

  afterEach(async () => {
    for (const fx of fixtures.splice(0)) await fx.cleanup();
  });

  afterAll(async () => {
    // Label-filtered: anything a failed test left behind in its scope is gone too.
    for (const fx of fixtures) await removeScope(fx.docker, fx.scope);
  });

  it('builds FROM scratch images that are up to date on a second run, labelled with their input hash', async () => {
    const again = await buildTestImages();
    expect(again.map((r) => r.built)).toEqual([false, false, false]);
    const docker = testDocker();
    for (const result of again) {
      const image = await docker.getImage(result.tag).inspect();
      expect(image.Config.Labels?.['hive.build.hash']).toBe(result.hash);
      expect(image.Config.User).toBe('10001:10001');
      expect(image.Size).toBeLessThan(250 * 1e6);
    }
    const agent = await docker.getImage(AGENT_IMAGE).inspect();
    expect(agent.Config.Healthcheck?.Test).toEqual(['CMD', '/usr/bin/node', '/app/healthcheck.mjs']);
    expect(agent.Config.WorkingDir).toBe('/workspace');
  });

  it('runs containers hardened: non-root, read-only root, no capabilities, no-new-privileges, limits, only the workspace mounted', async () => {
    const fx = await fixture({ memoryBytes: 300 * 1024 ** 2, nanoCpus: 5e8, pidsLimit: 64 });
    const driver = fx.driver as DockerDriver;
    const spec = launch();
    const instance = await driver.spawn(spec);
    await waitReady(driver, spec.agentId);

    const info = await fx.docker.getContainer(instance.ref).inspect();
    expect(info.Name).toBe(`/hive-agent-${spec.agentId}`);
    expect(info.Config.User).toBe('10001:10001');
    expect(info.HostConfig).toMatchObject({
      ReadonlyRootfs: true,
      CapDrop: ['ALL'],
      Privileged: false,
      Memory: 300 * 1024 ** 2,
      MemorySwap: 300 * 1024 ** 2,
      NanoCpus: 5e8,
      PidsLimit: 64,
      NetworkMode: 'host',
      Init: true,
    });
    expect(info.HostConfig.SecurityOpt).toContain('no-new-privileges');
    expect(Object.keys(info.HostConfig.Tmpfs ?? {})).toEqual(['/tmp']);
    expect(info.Mounts.map((m) => m.Destination)).toEqual(['/workspace']);
    expect(JSON.stringify(info)).not.toContain('docker.sock');
    expect(info.Config.Labels).toMatchObject({
      'hive.agent': 'true',
      'hive.agent.id': spec.agentId,
      'hive.agent.type': 'backend',
      'hive.session': spec.sessionId,
      'hive.scope': fx.scope,
    });

    // From inside: who it runs as, what it may do.
    const inside = await driver.exec(spec.agentId, [
      '/bin/sh',
      '-c',
      'id -u; grep -E "^(CapEff|NoNewPrivs)" /proc/self/status; touch /etc/x 2>/dev/null && echo root-writable || echo root-read-only; touch /tmp/x && echo tmp-writable; touch /workspace/x && echo workspace-writable',
    ]);
    expect(inside.exitCode).toBe(0);
    expect(inside.stdout.split('\n')).toEqual(
      expect.arrayContaining(['10001', 'CapEff:\t0000000000000000', 'NoNewPrivs:\t1', 'root-read-only', 'tmp-writable', 'workspace-writable']),
    );
    const workspace = await stat(join(fx.dataDir, 'workspaces', spec.agentId));
    expect([workspace.uid, workspace.mode & 0o777]).toEqual([10001, 0o700]);
  });

  it('keeps the token out of labels, logs and the archived log (it is only in the container env)', async () => {
    const fx = await fixture();
    const driver = fx.driver as DockerDriver;
    const spec = launch();
    const instance = await driver.spawn(spec);
    await waitReady(driver, spec.agentId);
    const info = await fx.docker.getContainer(instance.ref).inspect();
    expect(JSON.stringify(info.Config.Labels)).not.toContain(spec.token);
    expect(info.Name).not.toContain(spec.token);
    expect((await driver.logs(spec.agentId, 10_000)).join('\n')).not.toContain(spec.token);
    await driver.stop(spec.agentId, 5_000);
    const archived = await readFile(join(fx.dataDir, 'logs', `${spec.agentId}.log`), 'utf8');
    expect(archived).toContain('got SIGTERM, exiting');
    expect(archived).not.toContain(spec.token);
  });

  it('re-adopts its containers after a restart, with their logs and usage', async () => {
    const fx = await fixture();
    const first = launch();
    const second = launch();
    const a = await fx.driver.spawn(first);
    const b = await fx.driver.spawn(second);
    await waitReady(fx.driver as DockerDriver, first.agentId);
    await fx.driver.close();

    const restarted = (await fx.reopen()) as DockerDriver;
    const listed = await restarted.list();
    expect(listed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ agentId: first.agentId, ref: a.ref, adopted: true, runtime: 'docker' }),
        expect.objectContaining({ agentId: second.agentId, ref: b.ref, adopted: true }),
      ]),
    );
    expect(await restarted.logs(first.agentId, 1)).toEqual(['ready']);
    expect((await restarted.usage(first.agentId))?.memoryBytes).toBeGreaterThan(0);
    expect(await restarted.health()).toMatchObject({ status: 'ok', running: 2 });
  });

  it('reaps containers of unknown agents, tracked or not, and leaves known ones running', async () => {
    const fx = await fixture();
    const driver = fx.driver as DockerDriver;
    const other = await fx.open(); // opened before `stray` exists: it does not track it
    const known = launch();
    const orphan = launch();
    const stray = launch();
    await driver.spawn(known);
    await driver.spawn(orphan);
    await other.spawn(stray);
    const exits: ExitInfo[] = [];
    driver.onExit((info) => exits.push(info));

    const reaped = await driver.reapOrphans([known.agentId]);
    expect(reaped.sort()).toEqual([orphan.agentId, stray.agentId].sort());
    expect((await driver.list()).map((i) => i.agentId)).toEqual([known.agentId]);
    const names = (await fx.docker.listContainers({ all: true, filters: JSON.stringify({ label: [`hive.scope=${fx.scope}`] }) })).map((c) => c.Names[0]);
    expect(names).toEqual([`/hive-agent-${known.agentId}`]);
    expect(exits).toEqual([expect.objectContaining({ agentId: orphan.agentId, expected: true })]);
  });

  it('execs a command in a worker container, with exit code and both outputs', async () => {
    const fx = await fixture();
    const driver = fx.driver as DockerDriver;
    const spec = launch();
    await driver.spawn(spec);
    const result = await driver.exec(spec.agentId, ['/bin/sh', '-c', 'echo out; echo err >&2; git --version >/dev/null && echo git-ok; exit 3']);
    expect(result).toEqual({ exitCode: 3, stdout: 'out\ngit-ok\n', stderr: 'err\n', timedOut: false });
    await expect(driver.exec(randomUUID(), ['true'])).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('gives workers a named volume as workspace in volume mode (remote hosts)', async () => {
    const fx = await fixture({ workspace: 'volume' });
    const driver = fx.driver as DockerDriver;
    expect(driver.supportsWarmStart).toBe(false);
    const spec = launch();
    await driver.spawn(spec);
    const lines = await waitFor('the workspace line', async () =>
      (await driver.logs(spec.agentId, 1000)).find((line) => line.startsWith('workspace=')),
    );
    expect(lines).toBe('workspace=/workspace cwd=/workspace writable=yes');
    const volume = await fx.docker.getVolume(`hive-ws-${spec.agentId}`).inspect();
    expect(volume.Labels).toMatchObject({ 'hive.scope': fx.scope, 'hive.agent.id': spec.agentId });
  });

  it('reports a missing image as degraded health and refuses to spawn, naming the build script', async () => {
    const fx = await fixture({ image: 'hive-missing-image:never' });
    expect(await fx.driver.health()).toMatchObject({ status: 'degraded', detail: expect.stringContaining('build-images') });
    await expect(fx.driver.spawn(launch())).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('build-images') });
    expect(await fx.driver.list()).toEqual([]);
  });

  it('runs the real agent worker from hive-agent:dev (bundled, no node_modules), healthy and with its tools', async () => {
    const fx = await fixture({ image: AGENT_IMAGE });
    const driver = fx.driver as DockerDriver;
    const spec = launch({ HIVE_HEARTBEAT_MS: '1000' });
    await driver.spawn(spec);
    // No hub listens on port 9: the worker starts, tries to connect and keeps retrying.
    const lines = await waitFor('the worker to start', async () => {
      const got = await driver.logs(spec.agentId, 100);
      return got.some((l) => l.includes('cannot connect')) && got;
    });
    expect(lines.join('\n')).toContain(`agent ${spec.agentId} starting; model offline`);
    expect(lines.join('\n')).not.toContain(spec.token);
    const tools = await driver.exec(spec.agentId, ['/bin/sh', '-c', 'cd /workspace && git init -q . && git status --short && ls /app && cat /etc/hive-image.txt | head -1']);
    expect(tools.exitCode, tools.stderr).toBe(0);
    expect(tools.stdout).toContain('agent.mjs');
    expect(tools.stdout).toContain('hive-agent:dev: Hive agent worker');
  });

  it('has a sandbox image with node, npm, git and a shell', async () => {
    const docker = testDocker();
    const container = await docker.createContainer({
      Image: SANDBOX_IMAGE,
      Cmd: ['node --version && npm --version && git --version && id -u'],
      HostConfig: { ReadonlyRootfs: true, CapDrop: ['ALL'], NetworkMode: 'none', Tmpfs: { '/tmp': 'rw,size=64m' } },
      Labels: { 'hive.test': 'sandbox' },
    });
    try {
      await container.start();
      const { StatusCode } = (await container.wait()) as { StatusCode: number };
      const output = ((await container.logs({ stdout: true, stderr: true })) as Buffer).toString('utf8');
      expect(StatusCode, output).toBe(0);
      expect(output).toContain(process.version);
      expect(output).toMatch(/git version \d/);
      expect(output).toContain('10001');
    } finally {
      await container.remove({ force: true });
    }
  });
});
