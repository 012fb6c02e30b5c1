/**
 * A randomized fault run over the real production shape: a hub process on Redis and the
 * shared Postgres server (pg-server), process-runtime agents on the offline model, a steady
 * stream of task creation over REST and a dashboard socket client — while agents are killed
 * mid-task, and the hub, redis-server and Postgres are killed (-9) and restarted. At the end
 * the database must show every task completed exactly once, with its result and output, and
 * the dashboard must have received every event.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { UI_EVENTS, type Agent, type DomainEvent, type Task } from '../../../shared/index.js';
import { stablePort } from './ports.js';
import { startPgServer, type PgServerProcess } from '../pg-server/process.js';
import { waitFor } from '../wait.js';
import { unfinished, verdict, type TaskVerdict } from './check.js';
import { HubProcess, RedisProcess } from './processes.js';
import { seededRandom, pick, weighted } from './rng.js';
import { isAgentWorker, killRegisteredWorkers, killWorker } from './worker-pids.js';

export const FAULT_KINDS = ['agent-kill', 'hub-restart', 'redis-restart', 'postgres-restart'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRunOptions {
  faults: number;
  seed: number;
  agents: number;
  /** Pause between faults, ms (uniform in [min, max]). */
  gapMs: [number, number];
  /** One task is created every this many ms while faults are injected. */
  taskEveryMs: number;
  weights: Record<FaultKind, number>;
  /** How long the fleet may take to finish the backlog once the faults stop. */
  settleTimeoutMs: number;
  workDir?: string;
  /** Extra hub environment (e.g. NODE_OPTIONS for a diagnostic hook). */
  hubEnv?: Record<string, string>;
  log: (line: string) => void;
}

export const DEFAULT_WEIGHTS: Record<FaultKind, number> = { 'agent-kill': 55, 'hub-restart': 15, 'redis-restart': 15, 'postgres-restart': 15 };

export interface FaultReport {
  seed: number;
  workDir: string;
  startedAt: string;
  durationS: number;
  agents: number;
  faults: Record<FaultKind, number> & { total: number; agentKillsMidTask: number };
  /** Hub exits nobody injected (crashes); the run restarts the hub and counts them. */
  hubCrashes: number;
  /** Task creations refused or unanswered while something was down (the client gives up on them). */
  creationsRefused: number;
  verdict: TaskVerdict;
  passed: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runFaults(options: FaultRunOptions): Promise<FaultReport> {
  const { log } = options;
  const random = seededRandom(options.seed);
  const started = Date.now();
  const workDir = options.workDir ?? mkdtempSync(join(tmpdir(), 'hive-faults-'));
  mkdirSync(workDir, { recursive: true });
  const runId = `fr${options.seed.toString(36)}${started.toString(36)}`;
  const titlePrefix = `fault ${runId} #`;
  log(`fault run ${runId}: seed ${options.seed}, ${options.faults} faults, ${options.agents} agents, work dir ${workDir}`);

  const pg: PgServerProcess = await startPgServer({ dataDir: join(workDir, 'pgdata'), port: await stablePort() });
  const redis = new RedisProcess(await stablePort());
  await redis.start();
  const hub = new HubProcess({
    name: 'hub',
    port: await stablePort(),
    dataDir: join(workDir, 'hub'),
    env: { DATABASE_URL: pg.url, REDIS_URL: redis.url, ...options.hubEnv },
    logFile: join(workDir, 'hub.log'),
  });
  const faults = { 'agent-kill': 0, 'hub-restart': 0, 'redis-restart': 0, 'postgres-restart': 0, total: 0, agentKillsMidTask: 0 };
  const accepted = new Map<string, string>();
  let creationsRefused = 0;
  let dashboard: Socket | null = null;
  const dashboardSeqs = new Set<number>();
  let agentIds: string[] = [];
  try {
    await hub.start();
    agentIds = await startAgents(hub, options.agents);
    log(`${options.agents} agents idle`);

    // The dashboard: subscribed to the fleet room, resuming after the last seq it saw.
    let lastSeq = -1;
    let startSeq = 0;
    dashboard = io(`${hub.url}/ui`, { auth: { token: hub.token }, transports: ['websocket'], reconnectionDelay: 200, reconnectionDelayMax: 1000 });
    dashboard.on(UI_EVENTS.events, ({ events }: { events: DomainEvent[] }) => {
      for (const e of events) {
        dashboardSeqs.add(e.seq);
        lastSeq = Math.max(lastSeq, e.seq);
      }
    });
    // Like the real dashboard (web/src/state/live-session.ts): a refused handshake (the hub
    // up but its database not yet) is not retried by Socket.IO itself, so try again.
    dashboard.on('connect_error', () => setTimeout(() => dashboard?.connect(), 500).unref());
    const subscribed = new Promise<void>((resolve) => {
      dashboard!.on('connect', () => {
        void dashboard!
          .timeout(10_000)
          .emitWithAck(UI_EVENTS.subscribe, { rooms: ['fleet'], ...(lastSeq >= 0 && { afterSeq: lastSeq }) })
          .then((r: { ok: boolean; data?: { headSeq: number; resync: boolean } }) => {
            if (r.ok && lastSeq < 0) lastSeq = startSeq = r.data!.headSeq;
            if (r.ok && r.data!.resync) log('dashboard was told to resync (missed more than the replay limit)');
            resolve();
          })
          .catch(() => {}); // the next connect subscribes again
      });
    });
    await subscribed;

    // A steady stream of task creation, whatever is down at the moment.
    let creating = true;
    let n = 0;
    const posting = new Set<Promise<void>>();
    const creator = (async () => {
      while (creating) {
        const key = String(n++);
        const ms = 100 + Math.floor(random() * 500);
        const body = {
          title: `${titlePrefix}${key}`,
          description: `run: sleep ${(ms / 1000).toFixed(2)}\nwrite out-${key}.txt: task ${key}`,
          type: 'backend',
          maxAttempts: 20,
        };
        const post = hub
          .call<Task>('POST', '/tasks', body, 5000)
          .then((t) => void accepted.set(key, t.id))
          .catch(() => void creationsRefused++)
          .finally(() => posting.delete(post));
        posting.add(post);
        await sleep(options.taskEveryMs);
      }
    })();

    for (let i = 0; i < options.faults; i++) {
      await sleep(options.gapMs[0] + random() * (options.gapMs[1] - options.gapMs[0]));
      const kind = weighted(random, options.weights);
      const downMs = Math.floor(random() * 1000);
      const at = ((Date.now() - started) / 1000).toFixed(1);
      if (kind === 'agent-kill') {
        const midTask = await killAnAgent(hub, agentIds, random);
        if (midTask === null) {
          i--; // nothing to kill right now; try again
          continue;
        }
        if (midTask) faults.agentKillsMidTask++;
        log(`[${at}s] fault ${i + 1}: kill -9 an agent${midTask ? ' mid-task' : ' (idle)'}`);
      } else {
        const target = kind === 'hub-restart' ? hub : kind === 'redis-restart' ? redis : pg;
        log(`[${at}s] fault ${i + 1}: kill -9 ${kind.replace('-restart', '')}, down ${downMs} ms`);
        await target.kill();
        await sleep(downMs);
        await target.start();
        // Under way again before the next fault: the hub answers with data from the store.
        await waitFor(`the hub to serve after ${kind}`, async () => {
          if (await hub.reviveIfCrashed()) log(`[${at}s] the hub died by itself after ${kind} (see ${hub.config.logFile}); started again`);
          return hub.call('GET', '/tasks?limit=1', undefined, 3000).then(() => true);
        }, 90_000, 200);
      }
      faults[kind]++;
      faults.total++;
      if (await hub.reviveIfCrashed()) log(`[${at}s] the hub died by itself (see ${hub.config.logFile}); started again`);
    }
    creating = false;
    await creator;
    await Promise.all(posting); // answered or timed out: nothing lands after the check
    log(`faults done after ${((Date.now() - started) / 1000).toFixed(0)} s; ${n} creations, ${accepted.size} accepted; waiting for the backlog`);

    await waitFor(
      'every task of the run to finish',
      async () => (await unfinished(pg.url, titlePrefix)) === 0,
      options.settleTimeoutMs,
      1000,
    ).catch((err: Error) => log(`not settled: ${err.message}`));
    await sleep(1500); // the last events' batch reaches the dashboard
    const v = await verdict(pg.url, { titlePrefix, accepted, startSeq, dashboardSeqs });
    const passed = v.lost === 0 && v.duplicated === 0 && v.missingResultOrOutput === 0 && v.dashboardMissed === 0 && v.tasks > 0 && hub.crashes === 0;
    return {
      seed: options.seed,
      workDir,
      startedAt: new Date(started).toISOString(),
      durationS: Math.round((Date.now() - started) / 1000),
      agents: options.agents,
      faults,
      hubCrashes: hub.crashes,
      creationsRefused,
      verdict: v,
      passed,
    };
  } finally {
    dashboard?.close();
    for (const id of agentIds) await hub.call('POST', `/agents/${id}/stop`, undefined, 10_000).catch(() => {});
    await hub.stop();
    hub.close();
    killRegisteredWorkers(join(workDir, 'hub'));
    await redis.stop();
    await pg.stop();
  }
}

async function startAgents(hub: HubProcess, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const agent = await hub.call<Agent>('POST', '/agents', { name: `fault-agent-${i}`, type: 'backend', runtime: 'process', start: true });
    ids.push(agent.id);
  }
  await waitFor(`${count} agents to be idle`, async () => {
    const { items } = await hub.call<{ items: Agent[] }>('GET', '/agents?status=idle&limit=100');
    return ids.every((id) => items.some((a) => a.id === id));
  }, 120_000, 250);
  return ids;
}

/**
 * SIGKILL the worker of an agent that is running a task (or, if none is, of any agent).
 * Returns whether it was mid-task, or null when no worker could be killed just now.
 */
async function killAnAgent(hub: HubProcess, agentIds: string[], random: () => number): Promise<boolean | null> {
  const running = await hub.call<{ items: Task[] }>('GET', '/tasks?status=running&limit=50').then((r) => r.items, () => []);
  const candidates = running.filter((t) => t.assignedAgentId && agentIds.includes(t.assignedAgentId));
  const midTask = candidates.length > 0;
  const agentId = midTask ? pick(random, candidates).assignedAgentId! : pick(random, agentIds);
  const agent = await hub.call<Agent>('GET', `/agents/${agentId}`).catch(() => null);
  const pid = Number(agent?.runtimeRef);
  if (!Number.isInteger(pid) || !isAgentWorker(pid)) {
    await sleep(200);
    return null;
  }
  return killWorker(pid) ? midTask : null;
}
