import type { Agent, AgentStatus, RegisterTargetInput, Runtime, RuntimeTarget } from '../../../shared/index.js';
import type { Broker } from '../broker/port.js';
import { AppError } from '../errors.js';
import type { RuntimeDriver } from '../runtime/port.js';
import type { RuntimeTargetRow } from '../store/repos/runtime-targets.js';
import type { Store } from '../store/store.js';
import { rankTargets, type PlacementCandidate } from './cluster/placement.js';
import { TargetMonitor, heartbeatKey, type MonitorOptions, type TargetHealthState } from './cluster/target-monitor.js';
import { TargetRegistry, type AttachedTarget, type TargetConnector, type TargetExitListener } from './cluster/target-registry.js';

/** Agents that occupy a slot on their target (its load). */
export const PLACED: AgentStatus[] = ['starting', 'idle', 'busy', 'paused'];
/** Agents a target's view lists (placed, or waiting to be placed again). */
const LISTED: AgentStatus[] = [...PLACED, 'failed', 'lost', 'stopping'];

export interface ClusterStartOptions {
  broker: Broker;
  connector: TargetConnector;
  monitor: Omit<MonitorOptions, 'hubId'>;
  hubId: string;
  log: (line: string) => void;
  /**
   * The Docker Engine of the hub's configured docker runtime (HIVE_RUNTIME=docker), when it
   * has one: it cannot be registered again, since the configured target reaps every container
   * of its scope it does not know as an orphan — the registered target's would be removed.
   */
  configuredDockerEngine?: string;
}

export interface Placement<T> {
  target: AttachedTarget;
  driver: RuntimeDriver;
  /** What the reserve step returned (the agent moved to `starting` on that target). */
  reserved: T;
}

interface TargetConfig {
  address?: string;
  registered?: boolean;
}

/**
 * The cluster (DESIGN §1): a registry of runtime targets — this hub's configured runtime and
 * Docker hosts or Kubernetes clusters registered through the API — with capacity, load
 * (agents placed there) and health from heartbeats; placement by free capacity; drain; and
 * the target-down / target-up signal the failover reacts to.
 */
export class ClusterService {
  readonly registry = new TargetRegistry();
  private monitor: TargetMonitor | null = null;
  private deps: ClusterStartOptions | null = null;
  private readonly changeListeners = new Set<(targetId: string, state: TargetHealthState) => void>();
  /** Placement decisions are made one at a time, so two spawns cannot both take a last slot. */
  private placing: Promise<unknown> = Promise.resolve();

  constructor(private readonly store: Store) {}

  /** The runtime the hub was configured with (HIVE_RUNTIME): target `local-<kind>`. */
  async attachConfigured(target: { id: string; name: string; driver: RuntimeDriver; capacity?: number | null }): Promise<void> {
    await this.store.runtimeTargets.ensure({ id: target.id, kind: target.driver.kind, name: target.name });
    if (target.capacity !== undefined) await this.store.runtimeTargets.setCapacity(target.id, target.capacity);
    this.registry.attach({ id: target.id, kind: target.driver.kind, name: target.name, address: null, registered: false, driver: target.driver });
  }

  /** Connects registered targets and starts the heartbeats (first round before it returns). */
  async start(options: ClusterStartOptions): Promise<void> {
    this.deps = options;
    this.registry.setConnector(options.connector);
    const monitor = new TargetMonitor(options.broker, { ...options.monitor, hubId: options.hubId }, () => this.probeTargets(), options.log);
    monitor.onChange((id, state) => void this.changed(id, state).catch((err: Error) => options.log(`cluster: handling ${id} failed: ${err.message}`)));
    this.monitor = monitor;
    await monitor.start();
  }

  async stop(): Promise<void> {
    await this.monitor?.stop();
    await this.registry.close();
  }

  /** Hears each target going down or coming back, once across hubs (see changed()). */
  onTargetChange(listener: (targetId: string, state: TargetHealthState) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  onExit(listener: TargetExitListener): () => void {
    return this.registry.onExit(listener);
  }

  isDown(targetId: string): boolean {
    return this.monitor?.state(targetId)?.down ?? false;
  }

  /** Some connected driver of this runtime kind (refusals before anything is created). */
  driverFor(runtime: Runtime): RuntimeDriver {
    const target = this.registry.list().find((t) => t.kind === runtime && t.driver);
    if (!target) throw AppError.field('runtime', `the ${runtime} runtime is not configured on this hub`);
    return target.driver!;
  }

  /** The driver of the target the agent was placed on (agents placed before targets existed: the configured one of its kind). */
  driverOf(agent: Pick<Agent, 'runtime' | 'targetId'>): RuntimeDriver | null {
    const id = agent.targetId ?? this.configuredTargetOf(agent.runtime);
    return id ? (this.registry.get(id)?.driver ?? null) : null;
  }

  /** The hub's configured target of this runtime kind, if it has one. */
  configuredTargetOf(runtime: Runtime): string | null {
    return this.registry.list().find((t) => !t.registered && t.kind === runtime)?.id ?? null;
  }

  /** Every connected target with its driver. */
  connected(): { target: AttachedTarget; driver: RuntimeDriver }[] {
    return this.registry.list().flatMap((target) => (target.driver ? [{ target, driver: target.driver }] : []));
  }

  /**
   * Chooses the best target for the agent (placement.ts), leaving out `exclude`, and runs
   * `reserve` on it while no other placement runs, so the load it reads is the load it leaves.
   */
  async place<T>(agent: Agent, reserve: (target: AttachedTarget) => Promise<T>, exclude: ReadonlySet<string> = new Set()): Promise<Placement<T>> {
    const turn = this.placing.then(async () => {
      const { ranked, refused } = await this.rank(agent);
      for (const candidate of ranked) {
        if (exclude.has(candidate.id)) {
          refused.push({ id: candidate.id, reason: 'failing to start workers' });
          continue;
        }
        const driver = await this.registry.driver(candidate.id).catch(() => null);
        if (!driver) {
          refused.push({ id: candidate.id, reason: 'not connected' });
          continue;
        }
        const target = this.registry.get(candidate.id)!;
        return { target, driver, reserved: await reserve(target) };
      }
      const why = refused.map((r) => `${r.id} is ${r.reason}`).join('; ');
      throw new AppError('CONFLICT', `no ${agent.runtime} runtime target can take agent ${agent.name}: ${why}`, { refused });
    });
    this.placing = turn.catch(() => undefined);
    return turn;
  }

  /** A spawn on the target failed: probe now rather than at the next interval. */
  reportSpawnFailure(targetId: string): void {
    this.deps?.log(`cluster: a spawn on ${targetId} failed; probing targets now`);
    void this.monitor?.tick();
  }

  async view(): Promise<RuntimeTarget[]> {
    const [rows, loads] = await Promise.all([this.store.runtimeTargets.list(), this.store.agents.countByTarget(PLACED)]);
    return Promise.all(rows.map((row) => this.viewOf(row, loads[row.id] ?? 0)));
  }

  async setDraining(id: string, draining: boolean): Promise<RuntimeTarget> {
    if (!(await this.store.runtimeTargets.setDraining(id, draining))) throw AppError.notFound('runtime target', id);
    return this.viewById(id);
  }

  async registerTarget(actor: string, input: RegisterTargetInput): Promise<RuntimeTarget> {
    if (!this.deps) throw new AppError('UNAVAILABLE', 'the cluster service is not started');
    const address = input.kind === 'docker' ? (input.url ?? `unix://${input.socketPath}`) : input.context;
    const field = input.kind === 'kubernetes' ? 'context' : input.url !== undefined ? 'url' : 'socketPath';
    const engine = this.deps.configuredDockerEngine;
    if (input.kind === 'docker' && engine !== undefined && engineAddress(address) === engineAddress(engine)) {
      throw AppError.field(field, `${address} is this hub's configured Docker Engine (runtime target local-docker); registered again, its containers would be reaped as orphans`);
    }
    const rows = await this.store.runtimeTargets.list();
    const same = rows.find((r) => configOf(r).address === address);
    if (same) throw new AppError('CONFLICT', `${address} is already registered as runtime target ${same.id}`, { id: same.id });
    const base = `${input.kind}-${slug(input.name)}`;
    const id = rows.some((r) => r.id === base) ? `${base}-${crypto.randomUUID().slice(0, 6)}` : base;

    const driver = await this.deps.connector({ id, kind: input.kind, address }).catch((err: Error) => {
      throw AppError.field(field, `could not connect to ${address}: ${err.message}`);
    });
    try {
      const health = await driver.health();
      if (health.status === 'down') throw AppError.field(field, health.detail);
      const config: Record<string, unknown> = { address, registered: true };
      if (!(await this.store.runtimeTargets.insert({ id, kind: input.kind, name: input.name, capacity: input.capacity ?? null, config }))) {
        throw new AppError('CONFLICT', `runtime target ${id} exists`);
      }
    } catch (err) {
      // Not registered: the driver opened for it would otherwise stay connected (and leak).
      await driver.close().catch(() => undefined);
      throw err;
    }
    this.registry.attach({ id, kind: input.kind, name: input.name, address, registered: true, driver });
    await this.monitor?.probeNow({ id, driver: async () => driver });
    const view = await this.viewById(id);
    await this.append('cluster.target_registered', id, actor, view);
    return view;
  }

  /** Refused (409) while agents are placed on the target: drain it, then stop or move them. */
  async deregisterTarget(actor: string, id: string): Promise<RuntimeTarget> {
    const row = await this.store.runtimeTargets.get(id);
    if (!row) throw AppError.notFound('runtime target', id);
    if (!configOf(row).registered) {
      throw new AppError('CONFLICT', `runtime target ${id} is this hub's configured runtime (HIVE_RUNTIME) and cannot be deregistered`);
    }
    const placed = await this.store.agents.listByTarget(id, PLACED);
    if (placed.length > 0) {
      throw new AppError(
        'CONFLICT',
        `${placed.length} agent(s) run on runtime target ${id} (${placed.map((a) => a.name).join(', ')}); drain it and stop or move them first`,
        { agents: placed.map((a) => a.id) },
      );
    }
    const view = await this.viewById(id);
    await this.store.runtimeTargets.remove(id);
    await this.registry.detach(id);
    this.monitor?.forget(id);
    await this.deps?.broker.delete(heartbeatKey(id));
    await this.append('cluster.target_deregistered', id, actor, view);
    return view;
  }

  private async viewById(id: string): Promise<RuntimeTarget> {
    const row = await this.store.runtimeTargets.get(id);
    if (!row) throw AppError.notFound('runtime target', id);
    return this.viewOf(row, (await this.store.agents.countByTarget(PLACED))[id] ?? 0);
  }

  private async viewOf(row: RuntimeTargetRow, running: number): Promise<RuntimeTarget> {
    const target = this.registry.get(row.id);
    const health = await this.healthOf(row.id);
    const agents = await this.store.agents.listByTarget(row.id, LISTED);
    const config = configOf(row);
    return {
      id: row.id,
      kind: row.kind as Runtime,
      name: row.name,
      address: config.address ?? null,
      registered: config.registered === true,
      status: health.status,
      detail: target ? health.detail : 'not connected to this hub',
      running,
      capacity: row.capacity,
      free: row.capacity === null ? null : Math.max(0, row.capacity - running),
      draining: row.draining,
      lastHeartbeatAt: health.lastHeartbeatAt,
      failedProbes: health.failedProbes,
      agents: agents.map((a) => ({ id: a.id, name: a.name, status: a.status, type: a.type })),
    };
  }

  /** The monitor's view; before its first round, ask the driver directly. */
  private async healthOf(id: string): Promise<Pick<TargetHealthState, 'status' | 'detail' | 'lastHeartbeatAt' | 'failedProbes'>> {
    const state = this.monitor?.state(id);
    if (state) return state;
    const driver = this.registry.get(id)?.driver;
    if (!driver) return { status: 'down', detail: 'not connected to this hub', lastHeartbeatAt: null, failedProbes: 0 };
    const h = await driver.health().catch((e: Error) => ({ status: 'down' as const, detail: e.message }));
    return { status: h.status, detail: h.detail, lastHeartbeatAt: null, failedProbes: 0 };
  }

  private async rank(agent: Agent) {
    const [rows, loads] = await Promise.all([this.store.runtimeTargets.list(), this.store.agents.countByTarget(PLACED)]);
    const candidates: PlacementCandidate[] = [];
    for (const row of rows) {
      const target = this.registry.get(row.id);
      if (!target || target.kind !== agent.runtime) continue;
      const state = this.monitor?.state(row.id);
      // The agent's own slot is not taken from itself when it starts again where it was.
      const own = agent.targetId === row.id && PLACED.includes(agent.status) ? 1 : 0;
      candidates.push({
        id: row.id,
        kind: target.kind,
        status: state?.status ?? (target.driver ? 'ok' : 'down'),
        draining: row.draining,
        capacity: row.capacity,
        load: (loads[row.id] ?? 0) - own,
      });
    }
    if (candidates.length === 0) throw AppError.field('runtime', `the ${agent.runtime} runtime is not configured on this hub`);
    return rankTargets(agent.runtime, candidates);
  }

  /** Keeps the registry in step with runtime_targets (targets registered or removed by another hub). */
  private async probeTargets() {
    const rows = await this.store.runtimeTargets.list();
    const registered = new Map(rows.filter((r) => configOf(r).registered).map((r) => [r.id, r]));
    for (const target of this.registry.list()) {
      if (target.registered && !registered.has(target.id)) {
        await this.registry.detach(target.id);
        this.monitor?.forget(target.id);
      }
    }
    for (const [id, row] of registered) {
      if (!this.registry.get(id)) {
        this.registry.attach({ id, kind: row.kind as Runtime, name: row.name, address: configOf(row).address ?? null, registered: true, driver: null });
      }
    }
    return this.registry.list().map((t) => ({ id: t.id, driver: () => this.registry.driver(t.id) }));
  }

  /**
   * A target went down or came back. With several hubs each notices it; a broker lock lets
   * one of them record the event and run the failover.
   */
  private async changed(id: string, state: TargetHealthState): Promise<void> {
    const deps = this.deps!;
    const lock = await deps.broker.tryLock(`cluster:${id}:${state.down ? 'down' : 'up'}`, Math.max(deps.monitor.intervalMs * 2, 1000));
    if (!lock) return;
    deps.log(`cluster: runtime target ${id} is ${state.down ? 'down' : 'up again'} (${state.detail})`);
    const row = await this.store.runtimeTargets.get(id);
    await this.append(state.down ? 'cluster.target_down' : 'cluster.target_up', id, 'cluster', {
      id,
      name: row?.name ?? id,
      kind: row?.kind ?? null,
      status: state.status,
      detail: state.detail,
      failedProbes: state.failedProbes,
      lastHeartbeatAt: state.lastHeartbeatAt,
    });
    for (const listener of this.changeListeners) listener(id, state);
  }

  private async append(type: 'cluster.target_registered' | 'cluster.target_deregistered' | 'cluster.target_down' | 'cluster.target_up', id: string, actor: string, payload: object) {
    await this.store.transaction((tx) => tx.events.append({ type, subject: `target:${id}`, actor, payload: payload as Record<string, unknown> }));
  }
}

/** One spelling per local engine socket: `/x.sock`, `unix:///x.sock` and `unix:/x.sock/` alike. */
function engineAddress(address: string): string {
  const socket = address.startsWith('/') ? address : address.startsWith('unix:') ? address.slice('unix:'.length).replace(/^\/+/, '/') : null;
  return socket === null ? address.replace(/\/+$/, '') : `unix://${socket.replace(/\/+$/, '')}`;
}

function configOf(row: RuntimeTargetRow): TargetConfig {
  return (row.config ?? {}) as TargetConfig;
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'target'
  );
}
