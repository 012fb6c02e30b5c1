/** What only the process driver promises: its files on disk, its environment, process groups, pid-reuse safety. */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { commandFingerprint, tsxAgentCommand } from '../agent-command.js';
import type { AgentLaunchSpec, ExitInfo } from '../port.js';
import { ProcessDriver, type ProcessDriverOptions } from '../process.js';
import type { ProcessRecord } from '../process-registry.js';
import {
  fixtureCommand,
  isRunning,
  makeTempDataDir,
  tearDown,
  TEST_WATCH_INTERVAL_MS,
  waitUntilGone,
} from './process-fixture.js';

function launchSpec(fixtureEnv: Record<string, string> = {}): AgentLaunchSpec & { token: string } {
  const agentId = `agent-${randomUUID()}`;
  const token = `token-${randomUUID()}`;
  return { agentId, agentType: 'qa', sessionId: null, token, env: { HIVE_AGENT_TOKEN: token, ...fixtureEnv } };
}

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const waitReady = (driver: ProcessDriver, agentId: string) =>
  waitFor(`${agentId} to be ready`, async () => {
    const lines = await driver.logs(agentId, 1000);
    return lines.includes('ready') && lines;
  });

describe('ProcessDriver', () => {
  let dataDir = '';
  const drivers: ProcessDriver[] = [];

  async function openDriver(options: Partial<ProcessDriverOptions> = {}): Promise<ProcessDriver> {
    dataDir ||= await makeTempDataDir();
    const driver = await ProcessDriver.open({ dataDir, command: fixtureCommand, watchIntervalMs: TEST_WATCH_INTERVAL_MS, ...options });
    drivers.push(driver);
    return driver;
  }

  afterEach(async () => {
    if (dataDir) await tearDown(dataDir, drivers.splice(0));
    dataDir = '';
  });

  it('keeps a registry record (owner-only, without the token), a workspace and a log per agent', async () => {
    const driver = await openDriver();
    const spec = launchSpec();
    const instance = await driver.spawn(spec);
    await waitReady(driver, spec.agentId);

    const recordPath = join(dataDir, 'runtime', `${spec.agentId}.json`);
    const text = await readFile(recordPath, 'utf8');
    expect(text).not.toContain(spec.token);
    const record = JSON.parse(text) as ProcessRecord;
    expect(record).toMatchObject({
      agentId: spec.agentId,
      agentType: 'qa',
      sessionId: null,
      pid: Number(instance.ref),
      startedAt: instance.startedAt,
      commandFingerprint: commandFingerprint(fixtureCommand),
    });
    expect((await stat(recordPath)).mode & 0o777).toBe(0o600);
    expect(await readFile(join(dataDir, 'workspaces', spec.agentId, 'hello.txt'), 'utf8')).toBe(`written by ${spec.agentId}\n`);
    const log = await readFile(join(dataDir, 'logs', `${spec.agentId}.log`), 'utf8');
    expect(log).toContain(`workspace=${join(dataDir, 'workspaces', spec.agentId)}`);
    expect(log).not.toContain(spec.token);

    await driver.stop(spec.agentId, 5_000);
    expect(existsSync(recordPath)).toBe(false);
  });

  it('starts workers with a minimal environment: no NODE_OPTIONS, no hub secrets', async () => {
    const saved = { NODE_OPTIONS: process.env.NODE_OPTIONS, DATABASE_URL: process.env.DATABASE_URL };
    process.env.NODE_OPTIONS = '--max-old-space-size=64';
    process.env.DATABASE_URL = 'postgres://hub:secret@db/hive';
    try {
      const driver = await openDriver();
      const spec = launchSpec({ FIXTURE_LOG_LINES: '1' });
      await driver.spawn(spec);
      const lines = await waitReady(driver, spec.agentId);
      const keys = lines.find((line) => line.startsWith('env-keys='))!.slice('env-keys='.length).split(',');
      for (const key of keys) expect(key).toMatch(/^(PATH|HOME|LANG|TZ|TMPDIR|HIVE_[A-Z_]+|FIXTURE_[A-Z_]+)$/);
      expect(keys).toEqual(expect.arrayContaining(['PATH', 'HOME', 'LANG', 'HIVE_AGENT_ID', 'HIVE_WORKSPACE']));
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  it("stops the agent's own child processes with it (the whole process group)", async () => {
    const driver = await openDriver();
    const spec = launchSpec({ FIXTURE_SPAWN_CHILD: '1' });
    await driver.spawn(spec);
    const lines = await waitReady(driver, spec.agentId);
    const childPid = Number(/^child pid=(\d+)$/.exec(lines.find((l) => l.startsWith('child pid='))!)![1]);
    expect(await isRunning(childPid)).toBe(true);
    await driver.stop(spec.agentId, 5_000);
    await waitUntilGone(childPid, 5_000);
  });

  it('clears out what a crashed worker left running in its group', async () => {
    const driver = await openDriver();
    const spec = launchSpec({ FIXTURE_SPAWN_CHILD: '1', FIXTURE_CRASH_AFTER_MS: '500' });
    const exits: ExitInfo[] = [];
    driver.onExit((info) => exits.push(info));
    await driver.spawn(spec);
    const lines = await waitReady(driver, spec.agentId);
    const childPid = Number(/^child pid=(\d+)$/.exec(lines.find((l) => l.startsWith('child pid='))!)![1]);
    await waitFor('the crash', async () => exits.length > 0);
    await waitUntilGone(childPid, 5_000);
  });

  it('at open, deletes records of dead processes, of reused pids and unreadable files, and adopts only its own', async () => {
    const first = await openDriver();
    const survivor = launchSpec();
    const impostor = launchSpec();
    const survivorInstance = await first.spawn(survivor);
    await first.spawn(impostor);
    await waitReady(first, survivor.agentId);
    await first.close();

    const registry = join(dataDir, 'runtime');
    const recordOf = async (agentId: string) => JSON.parse(await readFile(join(registry, `${agentId}.json`), 'utf8')) as ProcessRecord;
    // The impostor's record now claims a different start time: as if its pid had been reused
    // by another worker with the same command line.
    const impostorRecord = await recordOf(impostor.agentId);
    await writeFile(join(registry, `${impostor.agentId}.json`), JSON.stringify({ ...impostorRecord, procStartTicks: impostorRecord.procStartTicks! + 1 }));
    // A live pid running something else entirely (this test process).
    const reused = { ...impostorRecord, agentId: 'agent-reused', pid: process.pid, procStartTicks: null };
    await writeFile(join(registry, 'agent-reused.json'), JSON.stringify(reused));
    // A pid that no longer exists.
    const exited = spawnSync(process.execPath, ['-e', '']);
    await writeFile(join(registry, 'agent-dead.json'), JSON.stringify({ ...reused, agentId: 'agent-dead', pid: exited.pid }));
    await writeFile(join(registry, 'agent-garbled.json'), '{"agentId": "agent-gar');
    await writeFile(join(registry, 'agent-x.json.1234.tmp'), '{}');

    const second = await openDriver();
    const listed = await second.list();
    expect(listed).toEqual([expect.objectContaining({ agentId: survivor.agentId, ref: survivorInstance.ref, adopted: true })]);
    expect(await readdir(registry)).toEqual([`${survivor.agentId}.json`]);
  });

  it('reports degraded health when the data dir cannot be written', async () => {
    const driver = await openDriver();
    await driver.spawn(launchSpec());
    const logs = join(dataDir, 'logs');
    await rm(logs, { recursive: true });
    await writeFile(logs, 'not a directory');
    expect(await driver.health()).toMatchObject({ status: 'degraded', running: 1 });
    await rm(logs);
    await mkdir(logs);
    expect(await driver.health()).toMatchObject({ status: 'ok', running: 1 });
    await driver.close();
    expect(await driver.health()).toMatchObject({ status: 'down' });
  });

  it('rotates a log past its cap while the worker keeps writing to it', async () => {
    const maxLogBytes = 2_000;
    const driver = await openDriver({ maxLogBytes });
    const spec = launchSpec({ FIXTURE_LOG_LINES: '500' });
    await driver.spawn(spec);
    await waitReady(driver, spec.agentId);
    const logPath = join(dataDir, 'logs', `${spec.agentId}.log`);
    await waitFor('the log to be rotated', async () => existsSync(`${logPath}.1`) && (await stat(logPath)).size < maxLogBytes);
    // The tail still reads across the rotation.
    expect(await driver.logs(spec.agentId, 2)).toEqual(['line 500', 'ready']);

    await driver.stop(spec.agentId, 5_000);
    // The worker's descriptor appends: its last words start the truncated file, with no hole before them.
    const current = await readFile(logPath, 'utf8');
    expect(current.startsWith('got SIGTERM, exiting\n')).toBe(true);
    expect(await driver.logs(spec.agentId, 3)).toEqual(['ready', 'got SIGTERM, exiting', expect.stringMatching(/^--- hive: worker exited with code 0/)]);
  });

  it('refuses unsafe agent ids and bad tail counts with a field error', async () => {
    const driver = await openDriver();
    await expect(driver.spawn({ ...launchSpec(), agentId: '../escape' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(driver.logs('../escape')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(driver.logs('agent-1', -1)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await driver.logs('agent-never-started')).toEqual([]);
  });

  it('reports a worker that cannot start and leaves nothing behind', async () => {
    const broken = await openDriver({ command: { executable: join(tmpdir(), `missing-${randomUUID()}`), args: [] } });
    const spec = launchSpec();
    await expect(broken.spawn(spec)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(broken.spawn(spec)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(await broken.list()).toEqual([]);
    expect(existsSync(join(dataDir, 'runtime', `${spec.agentId}.json`))).toBe(false);
  });
});

describe('tsxAgentCommand (the fallback when the worker cannot be bundled)', () => {
  it('runs the agent entry through tsx by absolute paths, so it works from any workspace', () => {
    const command = tsxAgentCommand();
    expect(command.executable).toBe(process.execPath);
    const [flag, loader, entry] = command.args;
    expect(flag).toBe('--import');
    expect(existsSync(fileURLToPath(loader!))).toBe(true);
    expect(entry).toBe(fileURLToPath(new URL('../../agent/main.ts', import.meta.url)));

    // The same loader runs TypeScript with a cwd outside the repository.
    const typed = fileURLToPath(new URL('./fixtures/typed-entry.ts', import.meta.url));
    const run = spawnSync(command.executable, ['--import', loader!, typed], { cwd: tmpdir(), encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('typed entry ran\n');
  });
});
