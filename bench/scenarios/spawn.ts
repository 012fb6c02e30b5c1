/**
 * Spawn to ready per runtime: from `POST /agents {start: true}` leaving the bench to the
 * agent's `idle` status change in the event log (the worker connected to the hub's /agents
 * namespace), for the process runtime, Docker cold starts and Docker warm-pool claims. One
 * agent at a time, each stopped before the next; the warm pool is refilled between claims.
 */
import Docker from 'dockerode';
import type { Agent, DomainEvent } from '../../shared/index.js';
import { buildTestImages, removeScope } from '../../server/src/runtime/__tests__/docker-fixture.js';
import { LABELS, WARM_NAME_PREFIX } from '../../server/src/runtime/docker/labels.js';
import { DOCKER_SOCKET, dockerReachable } from '../../server/test-support/services.js';
import { waitFor } from '../../server/test-support/wait.js';
import { startHubProcess, type HubHandle, type HubProcessConfig } from '../lib/hub-process.js';
import { check, type BenchContext, type Scenario, type SectionResult, type TargetCheck } from '../lib/scenario.js';
import { fmt, ratio, summarize } from '../lib/stats.js';

interface Variant {
  name: string;
  runtime: 'process' | 'docker';
  /** The warm pool holds `backend` workers only, so other types start cold on the same hub. */
  type: 'backend' | 'qa';
}

async function readyAt(hub: HubHandle, agentId: string, timeoutMs: number): Promise<number> {
  return waitFor(`agent ${agentId} to become idle`, async () => {
    const page = await hub.call<{ items: DomainEvent[] }>('GET', `/events?type=agent.updated&subject=agent:${agentId}&limit=100`);
    const idle = page.items.find((e) => (e.payload as Agent).status === 'idle');
    return idle ? Date.parse(idle.createdAt) : null;
  }, timeoutMs, 25);
}

async function parkedCount(docker: Docker, scope: string): Promise<number> {
  const list = await docker.listContainers({ filters: JSON.stringify({ label: [`${LABELS.scope}=${scope}`], status: ['running'] }) });
  return list.filter((c) => c.Names.some((n) => n.replace(/^\//, '').startsWith(WARM_NAME_PREFIX))).length;
}

const SETTLE_MS = 1_000;

/**
 * Spawns one agent per sample of each variant in turn on one hub, stopping each before the
 * next. With a warm pool, every sample waits for the pool to be full again first, so a cold
 * start never races a refill and a claim always finds a parked worker.
 */
async function measure(ctx: BenchContext, config: HubProcessConfig, variants: Variant[], samples: number, pool: { docker: Docker; scope: string; size: number } | null): Promise<Record<string, number[]>> {
  const hub = await startHubProcess(config);
  const results: Record<string, number[]> = Object.fromEntries(variants.map((v) => [v.name, []]));
  try {
    for (let i = 0; i < samples; i++) {
      for (const v of variants) {
        if (pool) {
          await waitFor('the warm pool to fill', async () => (await parkedCount(pool.docker, pool.scope)) >= pool.size, 120_000, 100);
          // A refill's worker is still loading (a few hundred ms of CPU on 2 cores) when its
          // container counts as parked: let it settle, or the next sample measures that instead.
          await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
        }
        const sentAt = Date.now();
        const agent = await hub.call<Agent>('POST', '/agents', { name: `spawn-${v.type}-${i}`, type: v.type, runtime: v.runtime, start: true });
        results[v.name]!.push((await readyAt(hub, agent.id, 120_000)) - sentAt);
        ctx.log(`spawn[${v.name}]: ${results[v.name]!.at(-1)} ms`);
        await hub.call('POST', `/agents/${agent.id}/stop`);
      }
    }
  } finally {
    await hub.stop();
  }
  return results;
}

export const spawnScenario: Scenario = {
  id: 'spawn',
  title: 'Spawn to ready per runtime',
  async run(ctx): Promise<SectionResult> {
    const notes = [
      'From POST /agents {start: true} leaving the bench to the `idle` event of the agent in the event log (its worker connected to the hub). One agent at a time, stopped before the next.',
    ];
    const [samples = 5] = ctx.sizes([ctx.quick ? 1 : 5]);
    const raw: Record<string, number[]> = {};
    Object.assign(raw, await measure(ctx, { store: 'pglite' }, [{ name: 'process', runtime: 'process', type: 'backend' }], samples, null));
    if (await dockerReachable()) {
      const docker = new Docker({ socketPath: DOCKER_SOCKET });
      const scope = `bench-${crypto.randomUUID().slice(0, 8)}`;
      ctx.log('spawn: building the agent image if it is out of date');
      await buildTestImages(['agent']);
      const poolSize = ctx.quick ? 1 : 2;
      const env = { HIVE_RUNTIME: 'docker', HIVE_DOCKER_SCOPE: scope, HIVE_DOCKER_NETWORK: 'host', HIVE_WARM_POOL: `backend=${poolSize}` };
      const variants: Variant[] = [
        { name: 'docker cold', runtime: 'docker', type: 'qa' },
        { name: 'docker warm pool', runtime: 'docker', type: 'backend' },
      ];
      try {
        Object.assign(raw, await measure(ctx, { store: 'pglite', env }, variants, samples, { docker, scope, size: poolSize }));
      } finally {
        await removeScope(docker, scope);
      }
      notes.push(
        `Docker: hive-agent:dev (FROM scratch, Node + bundled worker), hardened as in production, host network, one hub with a warm pool of ${poolSize} "backend" worker(s): cold samples are "qa" agents (no pool), warm ones "backend" agents (a claim); the pool is full again, and has had ${SETTLE_MS} ms to settle, before every sample.`,
      );
    } else {
      notes.push(`Docker runtimes skipped: no Docker Engine answers at ${DOCKER_SOCKET} (start dockerd).`);
    }
    const results = new Map(Object.entries(raw).map(([name, xs]) => [name, summarize(xs)]));
    const cold = results.get('docker cold');
    const rows = [...results].map(([name, s]) => [name, s.n, fmt(s.min), fmt(s.p50), fmt(s.p95), fmt(s.max), name === 'docker warm pool' && cold ? `${ratio(cold.p50, s.p50)} faster than cold` : '']);
    const warm = results.get('docker warm pool');
    const targets: TargetCheck[] = [
      check('docker spawn p95, cold', '≤ 500 ms', cold?.p95 ?? null, 'ms', (x) => x <= 500),
      check('docker spawn p95, warm pool', '≤ 100 ms', warm?.p95 ?? null, 'ms', (x) => x <= 100),
    ];
    return {
      id: this.id,
      title: this.title,
      notes,
      tables: [{ columns: ['runtime', 'samples', 'min', 'p50', 'p95', 'max', ''], rows }],
      targets,
      data: { samples: raw },
    };
  },
};
