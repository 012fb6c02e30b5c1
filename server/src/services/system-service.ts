import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Checkpoint, Health, SleepWakeCycle, SystemStatus } from '../../../shared/index.js';
import { AppError } from '../errors.js';
import type { Repositories, Store } from '../store/store.js';
import { withTimeout } from '../with-timeout.js';

const run = promisify(execFile);

export interface SystemInfo {
  version: string;
  startedAt: number;
  modelProvider: string;
  modelOffline: boolean;
  /** Directory of Hive's own git checkout, recorded in checkpoints. */
  repoDir: string;
}

export type ComponentHealth = Health['components'][string];
export type HealthProbe = () => Promise<ComponentHealth>;

/** A probe that has not answered by then counts as down: probes must answer within the
 * orchestrator's probe timeout (k8s readiness: 3 s), and a hung dependency is a down one. */
export const PROBE_TIMEOUT_MS = 2000;
/**
 * What a hub cannot serve without. The runtime is reported but not required: with it down the
 * API, the dashboard and agents on other targets still work, and taking every hub out of the
 * load balancer because Docker or the Kubernetes API blinked would turn a partial outage into
 * a total one.
 */
const REQUIRED_FOR_READINESS = ['store', 'broker'];

export type Readiness = { ready: true; components: Health['components'] } | { ready: false; reason: string; components: Health['components'] };

/** Health, checkpoints and sleep/wake of the whole system or of one agent. */
export class SystemService {
  private readonly probes = new Map<string, HealthProbe>();

  constructor(
    private readonly store: Store,
    private readonly info: SystemInfo,
  ) {}

  /** Add a component (broker, runtime…) to health and readiness. */
  addProbe(name: string, probe: HealthProbe): void {
    this.probes.set(name, probe);
  }

  async health(): Promise<Health> {
    const storeProbe: HealthProbe = async () => ({ status: 'ok', adapter: this.store.adapterName, latencyMs: round(await this.store.ping()) });
    const probes: [string, HealthProbe, string][] = [
      ['store', storeProbe, this.store.adapterName],
      ...[...this.probes].map(([name, probe]): [string, HealthProbe, string] => [name, probe, name]),
    ];
    // All at once, each bounded: health answers in PROBE_TIMEOUT_MS whatever hangs.
    const results = await Promise.all(
      probes.map(async ([name, probe, adapter]): Promise<[string, ComponentHealth]> => [
        name,
        await withTimeout(probe(), PROBE_TIMEOUT_MS, `${name} did not answer within ${PROBE_TIMEOUT_MS} ms`).catch(
          (err: Error): ComponentHealth => ({ status: 'down', adapter, error: err.message }),
        ),
      ]),
    );
    const components: Health['components'] = Object.fromEntries(results);
    const statuses = Object.values(components).map((c) => c.status);
    return {
      status: statuses.includes('down') ? 'down' : statuses.includes('degraded') ? 'degraded' : 'ok',
      version: this.info.version,
      uptimeSeconds: Math.round((Date.now() - this.info.startedAt) / 1000),
      model: { provider: this.info.modelProvider, offline: this.info.modelOffline },
      components,
    };
  }

  /** Can this hub take traffic: are the store and the broker up? */
  async readiness(): Promise<Readiness> {
    const { components } = await this.health();
    const down = REQUIRED_FOR_READINESS.filter((name) => components[name]?.status === 'down');
    return down.length ? { ready: false, reason: `${down.join(' and ')} ${down.length > 1 ? 'are' : 'is'} down`, components } : { ready: true, components };
  }

  /** Liveness: the process serves requests. Touches no dependency, so a database outage never
   * gets a healthy hub restarted. */
  liveness(): { live: true; version: string; uptimeSeconds: number } {
    return { live: true, version: this.info.version, uptimeSeconds: Math.round((Date.now() - this.info.startedAt) / 1000) };
  }

  async status(): Promise<SystemStatus> {
    const [agents, tasks, currentCycle] = await Promise.all([
      this.store.agents.countByStatus(),
      this.store.tasks.countByStatus(),
      this.store.sleepWake.open(null),
    ]);
    return { sleeping: currentCycle !== null, currentCycle, counts: { agents, tasks } };
  }

  listCheckpoints(limit: number, offset: number) {
    return this.store.checkpoints.list(limit, offset);
  }

  async checkpoint(actor: string, label: string, kind: Checkpoint['kind'] = 'manual'): Promise<Checkpoint> {
    const gitCommit = await this.gitHead();
    return this.store.transaction((tx) => this.writeCheckpoint(tx, actor, label, kind, gitCommit));
  }

  /** Sleep one agent (it stops taking tasks) or, without agentId, the whole system. */
  async sleep(actor: string, agentId: string | undefined, reason: string): Promise<SleepWakeCycle> {
    const gitCommit = agentId ? null : await this.gitHead();
    return this.store.transaction(async (tx) => {
      if (await tx.sleepWake.open(agentId ?? null)) {
        throw new AppError('CONFLICT', agentId ? `agent ${agentId} is already asleep` : 'the system is already asleep');
      }
      let checkpointId: string | null = null;
      if (agentId) {
        const agent = await tx.agents.get(agentId);
        if (!agent) throw AppError.field('agentId', `agent ${agentId} does not exist`);
        const asleep = await tx.agents.transition(agentId, ['created', 'idle', 'paused'], 'sleeping');
        if (!asleep) throw new AppError('INVALID_TRANSITION', `agent ${agentId} is ${agent.status} and cannot sleep now`);
        await tx.events.append({ type: 'agent.updated', subject: `agent:${agentId}`, actor, payload: asleep });
      } else {
        checkpointId = (await this.writeCheckpoint(tx, actor, `before sleep: ${reason}`, 'sleep', gitCommit)).id;
      }
      const cycle = await tx.sleepWake.insert({ id: crypto.randomUUID(), agentId: agentId ?? null, reason, checkpointId });
      await tx.events.append({ type: 'system.slept', subject: agentId ? `agent:${agentId}` : 'system', actor, payload: cycle });
      return cycle;
    });
  }

  async wake(actor: string, agentId: string | undefined): Promise<SleepWakeCycle> {
    return this.store.transaction(async (tx) => {
      const open = await tx.sleepWake.open(agentId ?? null);
      if (!open) throw new AppError('CONFLICT', agentId ? `agent ${agentId} is not asleep` : 'the system is not asleep');
      const sleptSeconds = Math.round((Date.now() - Date.parse(open.sleptAt)) / 1000);
      const cycle = (await tx.sleepWake.wake(open.id, { sleptSeconds, wokenBy: actor }))!;
      if (agentId) {
        const awake = await tx.agents.transition(agentId, ['sleeping'], 'idle');
        if (awake) await tx.events.append({ type: 'agent.updated', subject: `agent:${agentId}`, actor, payload: awake });
      }
      await tx.events.append({ type: 'system.woke', subject: agentId ? `agent:${agentId}` : 'system', actor, payload: cycle });
      return cycle;
    });
  }

  private async writeCheckpoint(
    tx: Repositories,
    actor: string,
    label: string,
    kind: Checkpoint['kind'],
    gitCommit: string | null,
  ): Promise<Checkpoint> {
    const [agents, tasks, lastEventSeq] = await Promise.all([
      tx.agents.countByStatus(),
      tx.tasks.countByStatus(),
      tx.events.lastSeq(),
    ]);
    const checkpoint = await tx.checkpoints.insert({
      id: crypto.randomUUID(),
      label,
      kind,
      gitCommit,
      state: { agents, tasks, lastEventSeq },
      createdBy: actor,
    });
    await tx.events.append({ type: 'checkpoint.created', subject: `checkpoint:${checkpoint.id}`, actor, payload: checkpoint });
    return checkpoint;
  }

  /** HEAD of Hive's own repository, or null when it is not a git checkout. */
  private async gitHead(): Promise<string | null> {
    try {
      const { stdout } = await run('git', ['rev-parse', 'HEAD'], { cwd: this.info.repoDir, timeout: 5000 });
      return stdout.trim() || null;
    } catch {
      return null;
    }
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100;
