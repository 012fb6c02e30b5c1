import type { Agent, Runtime, Session } from '../../../shared/index.js';
import { newSecret, sha256 } from '../auth/secrets.js';
import { AppError } from '../errors.js';
import type { ExitInfo, RuntimeDriver } from '../runtime/port.js';
import type { Services } from './index.js';

export interface OrchestratorOptions {
  /** URL agent workers use to reach this hub. */
  hubUrl: string;
  /** Model settings handed to workers (never database or Redis credentials). */
  workerEnv: Record<string, string>;
  /** First restart delay after a crash; doubles per consecutive crash up to restartMaxMs. */
  restartBaseMs: number;
  restartMaxMs: number;
  /** A worker that ran this long without crashing resets the backoff. */
  stableAfterMs: number;
  log: (msg: string) => void;
}

const RUNNING: Agent['status'][] = ['starting', 'idle', 'busy', 'paused', 'lost', 'failed'];

/**
 * Starts and stops agent runtimes, and supervises them: a worker that dies unexpectedly has
 * its tasks released at once and is restarted with exponential backoff and a fresh token.
 * Works the same for every RuntimeDriver. Where a worker runs is the cluster's decision
 * (ClusterService.place): each start places the agent on the target with the most free room.
 */
export class Orchestrator {
  private readonly crashes = new Map<string, { count: number; lastStart: number }>();
  private readonly restartTimers = new Map<string, NodeJS.Timeout>();
  /** Exits whose handling failed (the store unreachable), to be handled again. */
  private readonly exitRetries = new Set<NodeJS.Timeout>();
  private readonly offExit: (() => void)[] = [];
  /** One start per agent at a time: recovery, failover and the supervisor may all ask at once. */
  private readonly starting = new Map<string, Promise<Agent>>();
  private closed = false;

  constructor(
    private readonly services: Services,
    private readonly options: OrchestratorOptions,
  ) {
    this.offExit.push(services.cluster.onExit((info, targetId) => this.superviseExit(info, targetId)));
  }

  /** A driver of this runtime kind (to refuse an unknown runtime before creating anything). */
  driverFor(runtime: Runtime): RuntimeDriver {
    return this.services.cluster.driverFor(runtime);
  }

  /** When the current runtime of an agent was spawned (ms since epoch). */
  spawnStartedAt(agentId: string): number | undefined {
    return this.crashes.get(agentId)?.lastStart;
  }

  /** Set by the hub: un-pause a connected worker (see AgentGateway.resume). */
  resumeWorker: ((agentId: string, actor: string) => Promise<boolean>) | null = null;

  /**
   * Spawn the agent's worker with a fresh token (the old one stops working). A paused agent
   * whose budget allows it again is resumed instead.
   */
  async startAgent(actor: string, agentId: string): Promise<Agent> {
    const inFlight = this.starting.get(agentId);
    if (inFlight) return inFlight;
    const start = this.start(actor, agentId).finally(() => this.starting.delete(agentId));
    this.starting.set(agentId, start);
    return start;
  }

  private async start(actor: string, agentId: string): Promise<Agent> {
    const { cluster } = this.services;
    const agent = await this.services.agents.get(agentId);
    if (agent.status === 'inactive') throw new AppError('INVALID_TRANSITION', `agent ${agentId} is deactivated`);
    if (agent.status === 'paused') {
      await this.assertBudgetLeft(agent);
      if (await this.resumeWorker?.(agentId, actor)) return this.services.agents.get(agentId);
      await this.stopWorker(agent);
      await this.services.agents.setStatus(actor, agentId, ['paused'], 'stopped');
    }
    const current = cluster.driverOf(agent);
    const reachable = current && !(agent.targetId && cluster.isDown(agent.targetId));
    if (reachable && (await current.list()).some((i) => i.agentId === agentId && i.state === 'running')) return agent;
    return this.spawnSomewhere(actor, agent);
  }

  /**
   * Places the agent and spawns its worker with a fresh token. A spawn that fails on one
   * target (its host died since the last probe, say) is tried on the next best one.
   */
  private async spawnSomewhere(actor: string, agent: Agent): Promise<Agent> {
    const { cluster } = this.services;
    const agentId = agent.id;
    const tried = new Set<string>();
    let failure: AppError | null = null;
    for (;;) {
      const token = newSecret('hive_agt');
      const placed = await cluster
        .place(
          agent,
          (place) =>
            this.services.agents.setStatus(
              actor,
              agentId,
              ['created', 'stopped', 'failed', 'lost', 'starting', 'idle', 'busy'],
              'starting',
              { tokenHash: sha256(token), runtimeRef: null, targetId: place.id },
            ),
          tried,
        )
        .catch((err: unknown) => {
          // Nowhere left to try: the spawn failure says more than "no target".
          throw failure ?? err;
        });
      const { target, driver, reserved: starting } = placed;
      if (!starting) throw new AppError('INVALID_TRANSITION', `agent ${agentId} is ${agent.status} and cannot start`);
      const spawnStarted = Date.now();
      try {
        const instance = await driver.spawn({
          agentId,
          agentType: agent.type,
          sessionId: agent.sessionId,
          env: {
            ...this.options.workerEnv,
            HIVE_HUB_URL: this.options.hubUrl,
            HIVE_AGENT_ID: agentId,
            HIVE_AGENT_TOKEN: token,
            HIVE_AGENT_NAME: agent.name,
          },
        });
        this.crashes.set(agentId, { count: this.crashes.get(agentId)?.count ?? 0, lastStart: spawnStarted });
        return (await this.services.store.agents.update(agentId, { runtimeRef: instance.ref }))!;
      } catch (err) {
        cluster.reportSpawnFailure(target.id);
        await this.services.agents.setStatus(actor, agentId, ['starting'], 'failed', { tokenHash: null });
        failure = new AppError('UNAVAILABLE', `could not start agent ${agentId} on ${target.id}: ${(err as Error).message}`);
        tried.add(target.id);
      }
    }
  }

  /** Stop the worker, revoke its token and hand its tasks back to the queue. */
  async stopAgent(actor: string, agentId: string): Promise<Agent> {
    const agent = await this.services.agents.get(agentId);
    this.cancelRestart(agentId);
    await this.services.agents.setStatus(actor, agentId, [...RUNNING, 'created', 'sleeping'], 'stopping', { tokenHash: null });
    await this.stopWorker(agent);
    await this.services.scheduler.releaseAgentTasks(agentId, 'agent stopped', actor);
    const stopped = await this.services.agents.setStatus(actor, agentId, ['stopping'], 'stopped');
    return stopped ?? (await this.services.agents.get(agentId));
  }

  /** DELETE: stop the worker if one runs, then keep the record as inactive. */
  async deactivateAgent(actor: string, agentId: string): Promise<Agent> {
    const agent = await this.services.agents.get(agentId);
    if (agent.status !== 'inactive' && agent.status !== 'stopped') await this.stopAgent(actor, agentId);
    return this.services.agents.deactivate(actor, agentId);
  }

  async startSession(actor: string, sessionId: string): Promise<Session> {
    const session = await this.services.sessions.start(actor, sessionId);
    for (const agent of await this.services.store.agents.listBySession(sessionId)) {
      if (agent.status === 'created') await this.startAgent(actor, agent.id);
    }
    return session;
  }

  async stopSession(actor: string, sessionId: string): Promise<Session> {
    for (const agent of await this.services.store.agents.listBySession(sessionId)) {
      if (RUNNING.includes(agent.status) || agent.status === 'sleeping') await this.stopAgent(actor, agent.id);
    }
    return this.services.sessions.stop(actor, sessionId);
  }

  /**
   * After a hub restart: workers still running are adopted (they reconnect on their own);
   * agents that should be running but have no worker are started again.
   */
  async recover(): Promise<{ adopted: number; restarted: number }> {
    const { cluster } = this.services;
    let adopted = 0;
    let restarted = 0;
    const live = new Map<RuntimeDriver, Set<string>>();
    for (const { target, driver } of cluster.connected()) {
      if (cluster.isDown(target.id)) continue;
      live.set(driver, new Set((await driver.list()).filter((i) => i.state === 'running').map((i) => i.agentId)));
    }
    const runtimes = new Set(cluster.connected().map((c) => c.target.kind));
    for (const runtime of runtimes) {
      const { items } = await this.services.store.agents.list({ runtime, limit: 200, offset: 0 });
      for (const agent of items) {
        // The failover replaces the agents of a target that is down.
        if (agent.targetId && cluster.isDown(agent.targetId)) continue;
        const driver = cluster.driverOf(agent);
        if (driver && live.get(driver)?.has(agent.id)) {
          adopted++;
          // Placed before targets were recorded: it runs on the configured target.
          if (!agent.targetId) await this.services.store.agents.update(agent.id, { targetId: cluster.configuredTargetOf(agent.runtime) });
        } else if (['starting', 'idle', 'busy', 'lost', 'failed'].includes(agent.status)) {
          // 'failed' too: its supervisor's restart timer died with the previous hub.
          await this.services.scheduler.releaseAgentTasks(agent.id, 'worker gone after hub restart', 'hub');
          await this.startAgent('hub', agent.id).catch((err: Error) => this.options.log(`restart of ${agent.id} failed: ${err.message}`));
          restarted++;
        }
      }
    }
    return { adopted, restarted };
  }

  /** Stop and start again (a fresh worker and token); the task it held goes back to the queue. */
  async restartAgent(actor: string, agentId: string): Promise<Agent> {
    await this.stopAgent(actor, agentId);
    return this.startAgent(actor, agentId);
  }

  /** CPU and memory of every running worker, where the runtime can tell. */
  async usage(): Promise<{ agentId: string; cpuPercent: number | null; memoryBytes: number }[]> {
    const rows = [];
    for (const { target, driver } of this.services.cluster.connected()) {
      if (this.services.cluster.isDown(target.id)) continue;
      for (const instance of await driver.list()) {
        const u = await driver.usage(instance.agentId);
        if (u) rows.push({ agentId: instance.agentId, ...u });
      }
    }
    return rows;
  }

  async logs(agentId: string, tail: number): Promise<string[]> {
    const agent = await this.services.agents.get(agentId);
    return this.services.cluster.driverOf(agent)?.logs(agentId, tail) ?? [];
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const off of this.offExit) off();
    for (const t of this.restartTimers.values()) clearTimeout(t);
    this.restartTimers.clear();
    for (const t of this.exitRetries) clearTimeout(t);
    this.exitRetries.clear();
  }

  /**
   * An unexpected exit is not lost to a database that is restarting at that moment: handling it
   * (release the tasks, mark the agent, plan the restart) is tried again with backoff until it
   * goes through. Each step is safe to repeat.
   */
  private superviseExit(info: ExitInfo, targetId: string, attempt = 0): void {
    this.onExit(info, targetId).catch((err: Error) => {
      if (this.closed) return;
      const wait = this.backoffMs(attempt + 1);
      this.options.log(`handling the exit of ${info.agentId} failed: ${err.message}; trying again in ${wait} ms`);
      const timer = setTimeout(() => {
        this.exitRetries.delete(timer);
        this.superviseExit(info, targetId, attempt + 1);
      }, wait);
      timer.unref();
      this.exitRetries.add(timer);
    });
  }

  private backoffMs(count: number): number {
    return Math.min(this.options.restartBaseMs * 2 ** (count - 1), this.options.restartMaxMs);
  }

  private async onExit(info: ExitInfo, targetId: string): Promise<void> {
    if (info.expected || this.closed) return;
    const { agentId } = info;
    const agent = await this.services.store.agents.get(agentId);
    if (!agent || !RUNNING.includes(agent.status)) return;
    // A leftover worker on a target the agent has left (failover) is not the agent's worker.
    if (agent.targetId && agent.targetId !== targetId) return;
    this.options.log(`agent ${agentId} exited unexpectedly (code ${info.code}, signal ${info.signal})`);
    await this.services.scheduler.releaseAgentTasks(agentId, `worker exited (code ${info.code}, signal ${info.signal})`, 'supervisor');
    await this.services.agents.setStatus('supervisor', agentId, RUNNING, 'failed', { tokenHash: null });
    const history = this.crashes.get(agentId) ?? { count: 0, lastStart: 0 };
    const count = Date.now() - history.lastStart > this.options.stableAfterMs ? 1 : history.count + 1;
    this.crashes.set(agentId, { count, lastStart: history.lastStart });
    this.scheduleRestart(agentId, count);
  }

  /** A restart that fails for want of the store or the runtime is tried again, later each time. */
  private scheduleRestart(agentId: string, count: number): void {
    const delay = this.backoffMs(count);
    this.options.log(`restarting agent ${agentId} in ${delay} ms (crash ${count})`);
    const timer = setTimeout(() => {
      this.restartTimers.delete(agentId);
      void this.startAgent('supervisor', agentId).catch((err: Error) => {
        this.options.log(`restart of ${agentId} failed: ${err.message}`);
        // A refusal (a spent budget, an agent stopped meanwhile) stands; an outage passes.
        const passing = !(err instanceof AppError) || err.code === 'UNAVAILABLE';
        if (passing && !this.closed && !this.restartTimers.has(agentId)) this.scheduleRestart(agentId, count + 1);
      });
    }, delay);
    timer.unref();
    this.restartTimers.set(agentId, timer);
  }

  private async assertBudgetLeft(agent: Agent): Promise<void> {
    if (agent.tokenBudget !== null && agent.tokensUsed >= agent.tokenBudget) {
      throw new AppError('CONFLICT', `agent ${agent.id} has spent its budget (${agent.tokensUsed}/${agent.tokenBudget} tokens); raise tokenBudget first`);
    }
    const session = agent.sessionId ? await this.services.store.sessions.get(agent.sessionId) : null;
    if (session?.tokenBudget != null && session.tokensUsed >= session.tokenBudget) {
      throw new AppError('CONFLICT', `session ${session.id} has spent its budget; raise it first`);
    }
  }

  /** Stops the agent's worker where it runs; a target that is down cannot be asked. */
  private async stopWorker(agent: Agent): Promise<void> {
    if (agent.targetId && this.services.cluster.isDown(agent.targetId)) return;
    await this.services.cluster.driverOf(agent)?.stop(agent.id);
  }

  /** Forget a pending supervisor restart (the failover starts the agent elsewhere instead). */
  cancelRestart(agentId: string): void {
    clearTimeout(this.restartTimers.get(agentId));
    this.restartTimers.delete(agentId);
  }
}
