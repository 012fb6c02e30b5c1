/**
 * One conformance suite for every RuntimeDriver (process now; docker and kubernetes later run
 * the same tests). The worker under test is the fixture worker (fixtures/fixture-worker.mjs,
 * or an image running it), steered only through the launch spec's env, so nothing here knows
 * which runtime it is talking to.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentLaunchSpec, ExitInfo, RuntimeDriver, RuntimeInstance } from '../port.js';

export interface RuntimeFixture {
  driver: RuntimeDriver;
  /** A new driver on the same state, as a restarted hub would open it (close `driver` first). */
  reopen(): Promise<RuntimeDriver>;
  /** Kills a worker behind every driver's back (a crash no driver caused); resolves once it is dead. */
  killWorker(instance: RuntimeInstance): Promise<void>;
  /** Closes every driver it opened, kills every worker still running, removes its state. */
  cleanup(): Promise<void>;
}

const WAIT_MS = 15_000;
/** How long to watch for a duplicate exit notification that must not come. */
const QUIET_MS = 750;

interface TestLaunch extends AgentLaunchSpec {
  token: string;
}

function launchSpec(fixtureEnv: Record<string, string> = {}): TestLaunch {
  const agentId = `agent-${randomUUID()}`;
  const token = `token-${randomUUID()}`;
  return {
    agentId,
    agentType: 'backend',
    sessionId: `session-${randomUUID()}`,
    token,
    env: { HIVE_HUB_URL: 'http://127.0.0.1:9', HIVE_AGENT_ID: agentId, HIVE_AGENT_TOKEN: token, ...fixtureEnv },
  };
}

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The worker's log once it contains a line matching `pattern`. */
function waitForLog(driver: RuntimeDriver, agentId: string, pattern: RegExp): Promise<string[]> {
  return waitFor(`a log line matching ${pattern} from ${agentId}`, async () => {
    const lines = await driver.logs(agentId, 1000);
    return lines.some((line) => pattern.test(line)) && lines;
  });
}

const waitReady = (driver: RuntimeDriver, agentId: string) => waitForLog(driver, agentId, /^ready$/);

/** Every exit a driver reports, and a way to await the next one for an agent. */
function recordExits(driver: RuntimeDriver) {
  const seen: ExitInfo[] = [];
  driver.onExit((info) => seen.push(info));
  return {
    for: (agentId: string) => seen.filter((info) => info.agentId === agentId),
    next: (agentId: string) => waitFor(`the exit of ${agentId}`, async () => seen.find((info) => info.agentId === agentId)),
  };
}

const quietPeriod = () => new Promise((resolve) => setTimeout(resolve, QUIET_MS));

export function runtimeConformance(name: string, makeDriver: () => Promise<RuntimeFixture>): void {
  describe(`RuntimeDriver conformance: ${name}`, () => {
    let fx: RuntimeFixture;
    let driver: RuntimeDriver;

    beforeEach(async () => {
      fx = await makeDriver();
      driver = fx.driver;
    });
    afterEach(async () => {
      await fx?.cleanup();
    });

    it('spawns a worker that list() shows running, with a ref', async () => {
      const spec = launchSpec();
      const instance = await driver.spawn(spec);
      expect(instance).toMatchObject({ agentId: spec.agentId, runtime: driver.kind, state: 'running', adopted: false });
      expect(instance.ref).not.toBe('');
      expect(Number.isNaN(Date.parse(instance.startedAt))).toBe(false);
      const listed = await driver.list();
      expect(listed).toContainEqual(expect.objectContaining({ agentId: spec.agentId, ref: instance.ref, state: 'running' }));
    });

    it('reads the CPU and memory of a running worker, and nothing for an unknown one', async () => {
      const spec = launchSpec();
      await driver.spawn(spec);
      // Right after exec the new process may not have mapped its runtime yet (seen: 12 KiB).
      const first = await waitFor('the worker to use memory', async () => {
        const usage = await driver.usage(spec.agentId);
        return usage && usage.memoryBytes > 1024 * 1024 ? usage : null;
      }, 5000);
      expect(first.memoryBytes).toBeGreaterThan(1024 * 1024);
      await quietPeriod();
      const second = await driver.usage(spec.agentId);
      expect(second?.cpuPercent).toBeGreaterThanOrEqual(0);
      expect(await driver.usage(crypto.randomUUID())).toBeNull();
    });

    it("gives the worker its env and a writable workspace as cwd, but none of the hub's environment", async () => {
      const hubSecret = 'HIVE_CONFORMANCE_HUB_SECRET';
      process.env[hubSecret] = 'must-not-reach-agents';
      try {
        const spec = launchSpec();
        await driver.spawn(spec);
        const lines = await waitReady(driver, spec.agentId);
        expect(lines.filter((line) => line.startsWith(`fixture-worker agent=${spec.agentId} pid=`))).toHaveLength(1);
        const workspaceLine = lines.find((line) => line.startsWith('workspace='));
        const match = /^workspace=(\S+) cwd=(\S+) writable=yes$/.exec(workspaceLine ?? '');
        expect(match, workspaceLine).not.toBeNull();
        expect(match![1]).toBe(match![2]);
        expect(lines).toContain(`token=present length=${spec.token.length}`);
        const envKeys = lines.find((line) => line.startsWith('env-keys='))!.slice('env-keys='.length).split(',');
        expect(envKeys).toEqual(expect.arrayContaining(['HIVE_AGENT_ID', 'HIVE_AGENT_TOKEN', 'HIVE_HUB_URL', 'HIVE_WORKSPACE']));
        expect(envKeys).not.toContain(hubSecret);
      } finally {
        delete process.env[hubSecret];
      }
    });

    it('returns the last lines of the log, stdout and stderr together, never the token', async () => {
      const spec = launchSpec({ FIXTURE_LOG_LINES: '300' });
      await driver.spawn(spec);
      await waitReady(driver, spec.agentId);
      expect(await driver.logs(spec.agentId, 2)).toEqual(['line 300', 'ready']);
      expect(await driver.logs(spec.agentId)).toHaveLength(200);
      expect(await driver.logs(spec.agentId, 0)).toEqual([]);
      const everything = await driver.logs(spec.agentId, 10_000);
      expect(everything).toContain(`stderr agent=${spec.agentId}`);
      expect(everything).toContain('line 1');
      expect(everything.filter((line) => line.includes(spec.token))).toEqual([]);
    });

    it('stops a worker: it is gone and onExit fires once, expected', async () => {
      const exits = recordExits(driver);
      const unsubscribed: ExitInfo[] = [];
      driver.onExit((info) => unsubscribed.push(info))();
      const spec = launchSpec();
      const instance = await driver.spawn(spec);
      await waitReady(driver, spec.agentId);

      await driver.stop(spec.agentId, 5_000);
      expect((await driver.list()).map((i) => i.agentId)).not.toContain(spec.agentId);
      expect(exits.for(spec.agentId)).toEqual([
        expect.objectContaining({ agentId: spec.agentId, ref: instance.ref, expected: true }),
      ]);
      expect(await driver.logs(spec.agentId)).toContain('got SIGTERM, exiting');

      await driver.stop(spec.agentId, 5_000); // not running any more: a no-op
      await quietPeriod();
      expect(exits.for(spec.agentId)).toHaveLength(1);
      expect(unsubscribed).toEqual([]);
    });

    it('reports a crash: onExit with expected false and the exit code', async () => {
      const exits = recordExits(driver);
      const spec = launchSpec({ FIXTURE_CRASH_AFTER_MS: '300' });
      await driver.spawn(spec);
      const info = await exits.next(spec.agentId);
      expect(info).toMatchObject({ agentId: spec.agentId, expected: false, code: 3 });
      expect((await driver.list()).map((i) => i.agentId)).not.toContain(spec.agentId);
      expect(await driver.logs(spec.agentId)).toContain('crashing with code 3');
      await quietPeriod();
      expect(exits.for(spec.agentId)).toHaveLength(1);
    });

    it('force-kills a worker that ignores SIGTERM once graceMs has passed', async () => {
      const exits = recordExits(driver);
      const spec = launchSpec({ FIXTURE_IGNORE_SIGTERM: '1' });
      await driver.spawn(spec);
      await waitReady(driver, spec.agentId);

      const graceMs = 600;
      const started = performance.now();
      await driver.stop(spec.agentId, graceMs);
      // Timers may fire a millisecond or so early; the point is that SIGTERM got its grace period.
      expect(performance.now() - started).toBeGreaterThanOrEqual(graceMs - 20);
      expect(await driver.logs(spec.agentId)).toContain('ignoring SIGTERM');
      expect((await driver.list()).map((i) => i.agentId)).not.toContain(spec.agentId);
      const [info] = exits.for(spec.agentId);
      expect(info?.expected).toBe(true);
      // A killed process reports the signal, a killed container exit code 137 (128 + 9).
      expect(info?.signal === 'SIGKILL' || info?.code === 137, JSON.stringify(info)).toBe(true);
    });

    it('refuses a second worker for an agent that has one, including two spawns at once', async () => {
      const spec = launchSpec();
      await driver.spawn(spec);
      await expect(driver.spawn(spec)).rejects.toMatchObject({ code: 'CONFLICT' });

      const racing = launchSpec();
      const results = await Promise.allSettled([driver.spawn(racing), driver.spawn(racing)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'CONFLICT' } });

      const listed = (await driver.list()).map((i) => i.agentId);
      expect(listed.filter((id) => id === spec.agentId)).toHaveLength(1);
      expect(listed.filter((id) => id === racing.agentId)).toHaveLength(1);

      // Once stopped, the agent can be started again.
      await driver.stop(spec.agentId, 5_000);
      await expect(driver.spawn(spec)).resolves.toMatchObject({ agentId: spec.agentId, state: 'running' });
    });

    it('lets an onExit listener restart the agent at once', async () => {
      const spec = launchSpec({ FIXTURE_CRASH_AFTER_MS: '200' });
      const restarted = new Promise<RuntimeInstance>((resolve, reject) => {
        const unsubscribe = driver.onExit((info) => {
          if (info.agentId !== spec.agentId) return;
          unsubscribe();
          driver.spawn({ ...spec, env: { ...spec.env, FIXTURE_CRASH_AFTER_MS: '' } }).then(resolve, reject);
        });
      });
      const first = await driver.spawn(spec);
      const second = await restarted;
      expect(second.ref).not.toBe(first.ref);
      expect(await driver.list()).toContainEqual(expect.objectContaining({ agentId: spec.agentId, ref: second.ref }));
    });

    it('adopts a running worker after a restart and reports its later exit', async () => {
      const spec = launchSpec();
      const instance = await driver.spawn(spec);
      await waitReady(driver, spec.agentId);
      await driver.close();

      const restarted = await fx.reopen();
      const exits = recordExits(restarted);
      expect(await restarted.list()).toContainEqual(
        expect.objectContaining({ agentId: spec.agentId, ref: instance.ref, state: 'running', adopted: true }),
      );
      await expect(restarted.spawn(spec)).rejects.toMatchObject({ code: 'CONFLICT' });

      await fx.killWorker(instance);
      const info = await exits.next(spec.agentId);
      expect(info).toMatchObject({ agentId: spec.agentId, ref: instance.ref, expected: false });
      expect((await restarted.list()).map((i) => i.agentId)).not.toContain(spec.agentId);
      await quietPeriod();
      expect(exits.for(spec.agentId)).toHaveLength(1);
    });

    it('stops an adopted worker gracefully', async () => {
      const spec = launchSpec();
      await driver.spawn(spec);
      await waitReady(driver, spec.agentId);
      await driver.close();

      const restarted = await fx.reopen();
      const exits = recordExits(restarted);
      await restarted.stop(spec.agentId, 5_000);
      expect(exits.for(spec.agentId)).toEqual([expect.objectContaining({ agentId: spec.agentId, expected: true })]);
      expect(await restarted.logs(spec.agentId)).toContain('got SIGTERM, exiting');
      expect(await restarted.list()).toEqual([]);
    });

    it('forgets a worker that died while no driver was watching', async () => {
      const spec = launchSpec();
      const instance = await driver.spawn(spec);
      await waitReady(driver, spec.agentId);
      await driver.close();
      await fx.killWorker(instance);

      const restarted = await fx.reopen();
      expect(await restarted.list()).toEqual([]);
      await expect(restarted.spawn(spec)).resolves.toMatchObject({ agentId: spec.agentId, adopted: false });
    });

    it('reports health with the number of running workers', async () => {
      expect(await driver.health()).toMatchObject({ status: 'ok', running: 0 });
      const first = launchSpec();
      await driver.spawn(first);
      await driver.spawn(launchSpec());
      expect(await driver.health()).toMatchObject({ status: 'ok', running: 2 });
      await driver.stop(first.agentId, 5_000);
      expect(await driver.health()).toMatchObject({ status: 'ok', running: 1 });
    });

    it('closes safely twice and refuses new workers once closed', async () => {
      await driver.close();
      await driver.close();
      await expect(driver.spawn(launchSpec())).rejects.toThrow();
    });
  });
}
