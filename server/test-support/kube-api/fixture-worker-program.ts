/**
 * The runtime conformance suite's fixture worker (server/src/runtime/__tests__/fixtures/
 * fixture-worker.mjs) as a stand-in container program: the same output, in the same order,
 * and the same switches read from the pod's environment, so the suite runs unchanged
 * against the Kubernetes driver.
 *
 *   FIXTURE_LOG_LINES=N        N numbered lines before "ready"
 *   FIXTURE_CRASH_AFTER_MS=N   exit with code 3 after N ms (the pod goes Failed)
 *   FIXTURE_IGNORE_SIGTERM=1   log SIGTERM and keep running, so deletion takes the full grace period
 *   FIXTURE_SPAWN_CHILD=1      reports a child pid (in a container, the child dies with the pod)
 *
 * Keep it in step with fixture-worker.mjs when that file changes.
 */
import { posix } from 'node:path';
import type { ContainerProgram } from './container-program.js';

export const FIXTURE_IMAGE = 'hive-fixture-worker:test';

export const fixtureWorkerProgram: ContainerProgram = (ctx) => {
  const env = ctx.env;
  const say = (line: string) => ctx.stdout(line);
  let alive = true;
  let crashTimer: NodeJS.Timeout | undefined;
  const exit = (code: number) => {
    if (!alive) return;
    alive = false;
    clearTimeout(crashTimer);
    ctx.exit(code);
  };

  say(`fixture-worker agent=${env.HIVE_AGENT_ID} pid=${ctx.pid}`);
  const workspace = env.HIVE_WORKSPACE;
  const writable = workspace && ctx.isWritable(posix.join(workspace, 'hello.txt')) ? 'yes' : 'no';
  say(`workspace=${workspace} cwd=${ctx.workingDir} writable=${writable}`);
  say(`token=${env.HIVE_AGENT_TOKEN ? `present length=${env.HIVE_AGENT_TOKEN.length}` : 'absent'}`);
  say(`env-keys=${Object.keys(env).sort().join(',')}`);
  ctx.stderr(`stderr agent=${env.HIVE_AGENT_ID}`);
  if (env.FIXTURE_SPAWN_CHILD === '1') say(`child pid=${ctx.pid + 1}`);
  for (let i = 1; i <= Number(env.FIXTURE_LOG_LINES ?? 0); i++) say(`line ${i}`);
  if (env.FIXTURE_CRASH_AFTER_MS) {
    crashTimer = setTimeout(() => {
      say('crashing with code 3');
      exit(3);
    }, Number(env.FIXTURE_CRASH_AFTER_MS));
  }
  say('ready');

  // A Node process idles at a few tens of MiB; a little CPU per second for its timers.
  const startedAt = Date.now();
  return {
    terminate: () => {
      if (!alive) return;
      if (env.FIXTURE_IGNORE_SIGTERM === '1') {
        say('ignoring SIGTERM');
        return;
      }
      say('got SIGTERM, exiting');
      exit(0);
    },
    kill: () => {
      alive = false;
      clearTimeout(crashTimer);
    },
    usage: () => ({ cpuNanoCores: 1_500_000 + ((Date.now() - startedAt) % 1000) * 1000, memoryBytes: 42 * 1024 * 1024 }),
  };
};
