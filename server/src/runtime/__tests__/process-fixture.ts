/**
 * The fixture worker as a local process, for the process driver's tests: the command that runs
 * it, and the means to find and kill its processes, so no test leaves one behind.
 */
import { mkdtemp, readdir, readFile, readlink, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentCommand } from '../agent-command.js';
import { ProcessDriver, type ProcessDriverOptions } from '../process.js';
import type { RuntimeFixture } from './runtime-conformance.js';

export const FIXTURE_WORKER = fileURLToPath(new URL('./fixtures/fixture-worker.mjs', import.meta.url));
export const fixtureCommand: AgentCommand = { executable: process.execPath, args: [FIXTURE_WORKER] };

/** Fast enough that adoption tests do not wait a second per poll. */
export const TEST_WATCH_INTERVAL_MS = 200;

async function isFixtureWorker(pid: number): Promise<boolean> {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return cmdline.includes(FIXTURE_WORKER);
}

/** Alive and not a zombie (a zombie has exited; it only waits to be reaped). */
export async function isRunning(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (stat === null) return false;
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state !== 'Z' && state !== 'X';
}

export async function waitUntilGone(pid: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (await isRunning(pid)) {
    if (Date.now() > deadline) throw new Error(`pid ${pid} still running after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** SIGKILLs a fixture worker and its group; checks the command line first, so a reused pid is never hit. */
export async function killFixtureWorker(pid: number): Promise<void> {
  if (!(await isFixtureWorker(pid))) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    process.kill(pid, 'SIGKILL');
  }
  await waitUntilGone(pid);
}

/** Fixture workers whose cwd is under `dataDir`: the ones a test on that data dir started. */
export async function fixtureWorkersIn(dataDir: string): Promise<number[]> {
  const root = await realpath(dataDir).catch(() => dataDir);
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || !(await isFixtureWorker(pid))) continue;
    const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => '');
    if (cwd.startsWith(`${root}/`)) pids.push(pid);
  }
  return pids;
}

export async function makeTempDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'hive-runtime-'));
}

/** Closes the drivers, kills what is left of their workers and removes the data dir. */
export async function tearDown(dataDir: string, drivers: ProcessDriver[]): Promise<void> {
  for (const driver of drivers) await driver.close();
  for (const pid of await fixtureWorkersIn(dataDir)) await killFixtureWorker(pid);
  await rm(dataDir, { recursive: true, force: true });
}

export async function makeProcessFixture(extra: Partial<ProcessDriverOptions> = {}): Promise<RuntimeFixture & { dataDir: string }> {
  const dataDir = await makeTempDataDir();
  const drivers: ProcessDriver[] = [];
  const open = async () => {
    const driver = await ProcessDriver.open({ dataDir, command: fixtureCommand, watchIntervalMs: TEST_WATCH_INTERVAL_MS, ...extra });
    drivers.push(driver);
    return driver;
  };
  return {
    dataDir,
    driver: await open(),
    reopen: open,
    killWorker: (instance) => killFixtureWorker(Number(instance.ref)),
    cleanup: () => tearDown(dataDir, drivers),
  };
}
