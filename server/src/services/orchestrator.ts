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
 * Works the same for every RuntimeDriver.
 */
export class Orchestrator {
  private readonly crashes = new Map<string, { count: number; lastStart: number }>();
  private readonly restartTimers = new Map<string, NodeJS.Timeout>();
  private readonly offExit: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly services: Services,
    private readonly drivers: Partial<Record<Runtime, RuntimeDriver>>,
    private readonly options: OrchestratorOptions,
  ) {
    for (const driver of Object.values(drivers)) this.offExit.push(driver.onExit((info) => {
        this.onExit(info).catch((err: Error) => options.log(`handling the exit of ${info.agentId} failed: ${err.message}`));
      }));
  }

  driverFor(runtime: Runtime): RuntimeDriver {
    const driver = this.drivers[runtime];
    if (!driver) throw AppError.field('runtime', `the ${runtime} runtime is not configured on this hub`);
    return driver;
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
    const agent = await this.services.agents.get(agentId);
    if (agent.status === 'inactive') throw new AppError('INVALID_TRANSITION', `agent ${agentId} is deactivated`);
    if (agent.status === 'paused') {
      await this.assertBudgetLeft(agent);
      if (await this.resumeWorker?.(agentId, actor)) return this.services.agents.get(agentId);
      await this.drivers[agent.runtime]?.stop(agentId);
      await this.services.agents.setStatus(actor, agentId, ['paused'], 'stopped');
    }
    const { driver } = await this.services.cluster.placementFor(agent.runtime);
    if ((await driver.list()).some((i) => i.agentId === agentId && i.state === 'running')) return agent;
    const token = newSecret('hive_agt');
    const starting = await this.services.agents.setStatus(
      actor,
      agentId,
      ['created', 'stopped', 'failed', 'lost', 'starting', 'idle', 'busy'],
      'starting',
      { tokenHash: sha256(token), runtimeRef: null },
    );
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
      await this.services.agents.setStatus(actor, agentId, ['starting'], 'failed', { tokenHash: null });
      throw new AppError('UNAVAILABLE', `could not start agent ${agentId}: ${(err as Error).message}`);
    }
  }

  /** Stop the worker, revoke its token and hand its tasks back to the queue. */
  async stopAgent(actor: string, agentId: string): Promise<Agent> {
    const agent = await this.services.agents.get(agentId);
    this.cancelRestart(agentId);
    await this.services.agents.setStatus(actor, agentId, [...RUNNING, 'created', 'sleeping'], 'stopping', { tokenHash: null });
    await this.drivers[agent.runtime]?.stop(agentId);
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
    let adopted = 0;
    let restarted = 0;
    for (const [runtime, driver] of Object.entries(this.drivers) as [Runtime, RuntimeDriver][]) {
      const live = new Set((await driver.list()).filter((i) => i.state === 'running').map((i) => i.agentId));
      adopted += live.size;
      const { items } = await this.services.store.agents.list({ runtime, limit: 200, offset: 0 });
      for (const agent of items) {
        // 'failed' too: its supervisor's restart timer died with the previous hub.
        if (!live.has(agent.id) && ['starting', 'idle', 'busy', 'lost', 'failed'].includes(agent.status)) {
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
    for (const driver of Object.values(this.drivers)) {
      for (const instance of await driver.list()) {
        const u = await driver.usage(instance.agentId);
        if (u) rows.push({ agentId: instance.agentId, ...u });
      }
    }
    return rows;
  }

  async logs(agentId: string, tail: number): Promise<string[]> {
    const agent = await this.services.agents.get(agentId);
    return this.drivers[agent.runtime]?.logs(agentId, tail) ?? [];
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const off of this.offExit) off();
    for (const t of this.restartTimers.values()) clearTimeout(t);
    this.restartTimers.clear();
  }

  private async onExit(info: ExitInfo): Promise<void> {
    if (info.expected || this.closed) return;
    const { agentId } = info;
    const agent = await this.services.store.agents.get(agentId);
    if (!agent || !RUNNING.includes(agent.status)) return;
    this.options.log(`agent ${agentId} exited unexpectedly (code ${info.code}, signal ${info.signal})`);
    await this.services.scheduler.releaseAgentTasks(agentId, `worker exited (code ${info.code}, signal ${info.signal})`, 'supervisor');
    await this.services.agents.setStatus('supervisor', agentId, RUNNING, 'failed', { tokenHash: null });
    const history = this.crashes.get(agentId) ?? { count: 0, lastStart: 0 };
    const count = Date.now() - history.lastStart > this.options.stableAfterMs ? 1 : history.count + 1;
    this.crashes.set(agentId, { count, lastStart: history.lastStart });
    const delay = Math.min(this.options.restartBaseMs * 2 ** (count - 1), this.options.restartMaxMs);
    this.options.log(`restarting agent ${agentId} in ${delay} ms (crash ${count})`);
    const timer = setTimeout(() => {
      this.restartTimers.delete(agentId);
      void this.startAgent('supervisor', agentId).catch((err: Error) => this.options.log(`restart of ${agentId} failed: ${err.message}`));
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

  private cancelRestart(agentId: string): void {
    clearTimeout(this.restartTimers.get(agentId));
    this.restartTimers.delete(agentId);
  }
}
