/**
 * Scale-out: three hub processes on loopback sharing one redis-server and one Postgres server
 * (pg-server) act as one. A dashboard on hub A sees the events of agents connected to hub C;
 * when hub C is killed (-9), its agents fail over to another hub (HIVE_HUB_URLS) and their
 * tasks finish, each exactly once.
 *
 * Supervision: a process-runtime worker is supervised by the hub that spawned it (its registry
 * lives in that hub's data directory). While that hub is down nobody restarts the worker if it
 * dies — its task then comes back through the lease sweeper of any hub — and when the hub
 * starts again it adopts the workers it left running.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { UI_EVENTS, type Agent, type DomainEvent, type Task } from '../../../shared/index.js';
import { verdict } from '../../test-support/faults/check.js';
import { HubProcess, RedisProcess } from '../../test-support/faults/processes.js';
import { killRegisteredWorkers } from '../../test-support/faults/worker-pids.js';
import { stablePort } from '../../test-support/faults/ports.js';
import { startPgServer } from '../../test-support/pg-server/process.js';
import { commandInstalled, requireService } from '../../test-support/services.js';
import { waitFor } from '../../test-support/wait.js';

const redisInstalled = await requireService('redis-server', commandInstalled('redis-server'), 'the scale-out test starts its own redis-server');
const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await Promise.resolve(cleanups.pop()!()).catch(() => {});
});

describe('scale-out', () => {
  it.runIf(redisInstalled)('three hubs act as one; the agents of a killed hub finish their tasks through another', { timeout: 300_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hive-scale-out-'));
    const pg = await startPgServer({ dataDir: join(dir, 'pgdata'), port: await stablePort() });
    cleanups.push(() => pg.stop());
    const redis = new RedisProcess(await stablePort());
    await redis.start();
    cleanups.push(() => redis.stop());
    const ports = [await stablePort(), await stablePort(), await stablePort()];
    const urls = ports.map((p) => `http://127.0.0.1:${p}`);
    const hubs = ['a', 'b', 'c'].map(
      (name, i) =>
        new HubProcess({
          name,
          port: ports[i]!,
          dataDir: join(dir, `hub-${name}`),
          env: { DATABASE_URL: pg.url, REDIS_URL: redis.url, HIVE_HUB_URLS: urls.join(',') },
          logFile: join(dir, `hub-${name}.log`),
        }),
    );
    // One at a time: each applies the (idempotent) migrations on start.
    for (const hub of hubs) {
      await hub.start();
      cleanups.push(() => hub.stop(), () => hub.close());
    }
    const [a, b, c] = hubs as [HubProcess, HubProcess, HubProcess];
    cleanups.push(() => void killRegisteredWorkers(c.config.dataDir));

    // A dashboard on hub A.
    const seen: DomainEvent[] = [];
    const dashboard: Socket = io(`${a.url}/ui`, { auth: { token: a.token }, transports: ['websocket'] });
    cleanups.push(() => void dashboard.close());
    dashboard.on(UI_EVENTS.events, ({ events }: { events: DomainEvent[] }) => seen.push(...events));
    await new Promise<void>((resolve) => dashboard.on('connect', () => resolve()));
    const sub = (await dashboard.timeout(10_000).emitWithAck(UI_EVENTS.subscribe, { rooms: ['fleet'] })) as { ok: boolean; data: { headSeq: number } };
    expect(sub.ok).toBe(true);

    // Two agents spawned and supervised by hub C.
    const agents: Agent[] = [];
    for (let i = 0; i < 2; i++) agents.push(await c.call<Agent>('POST', '/agents', { name: `c-agent-${i}`, type: 'backend', runtime: 'process', start: true }));
    const agentIds = agents.map((x) => x.id);
    await waitFor('hub C agents to be idle', async () => {
      const { items } = await a.call<{ items: Agent[] }>('GET', '/agents?status=idle&limit=50');
      return agentIds.every((id) => items.some((x) => x.id === id));
    }, 90_000, 250);

    // Tasks created through hub B; long enough that hub C dies while some run.
    const prefix = `scale-out ${Date.now()} #`;
    const accepted = new Map<string, string>();
    for (let i = 0; i < 6; i++) {
      const task = await b.call<Task>('POST', '/tasks', { title: `${prefix}${i}`, description: `run: sleep 1.5\nwrite out-${i}.txt: ${i}`, type: 'backend', maxAttempts: 10 });
      accepted.set(String(i), task.id);
    }
    const taskIds = new Set(accepted.values());

    // The dashboard on A sees a task start running on an agent connected to hub C.
    await waitFor('hub A\'s dashboard to see a task running on a hub C agent', async () =>
      seen.some((e) => taskIds.has(String(e.payload.id)) && e.payload.status === 'running' && agentIds.includes(String(e.payload.assignedAgentId))),
    30_000);

    await c.kill();
    const killedAt = Date.now();

    // Their tasks finish through hubs A and B.
    await waitFor('every task to complete', async () => {
      const rows = await Promise.all([...taskIds].map((id) => a.call<Task>('GET', `/tasks/${id}`)));
      return rows.every((t) => t.status === 'completed');
    }, 120_000, 500);

    // The workers of hub C reconnected to A or B, and worked after the kill.
    for (const id of agentIds) {
      const log = readFileSync(join(c.config.dataDir, 'agents', 'logs', `${id}.log`), 'utf8');
      expect(log).toMatch(new RegExp(`connected to hub (${urls[0]}|${urls[1]})`));
    }
    const completions = seen.filter((e) => taskIds.has(String(e.payload.id)) && e.payload.status === 'completed');
    expect(completions.some((e) => Date.parse(e.createdAt) > killedAt)).toBe(true);

    // The last batch reaches the dashboard; an event whose broadcast was lost comes from hub A's
    // gap filler within its grace period (1 s) and a tick (0.5 s).
    const check = () => verdict(pg.url, { titlePrefix: prefix, accepted, startSeq: sub.data.headSeq, dashboardSeqs: new Set(seen.map((e) => e.seq)) });
    await waitFor('the dashboard to have every event', async () => (await check()).dashboardMissed === 0, 5000, 500).catch(() => {});
    const v = await check();
    // Every event of the run reached the dashboard on hub A, including those hub C committed but
    // never broadcast before its kill (the gap filler reads them from the store).
    expect(v, v.problems.join('\n')).toMatchObject({ tasks: 6, completed: 6, lost: 0, duplicated: 0, missingResultOrOutput: 0, completionEvents: 6, dashboardMissed: 0 });
  });
});
