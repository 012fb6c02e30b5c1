/**
 * Failover: when a runtime target goes down (heartbeat lost, see target-monitor.ts), every
 * agent placed there is marked `lost` (event `agent.lost`), its worker's token is revoked and
 * its socket dropped, its tasks go back to the queue, and the agent is started again —
 * same record, type and config, fresh worker and token — on another healthy target chosen
 * by placement. An agent no target can take stays `lost` and is tried again every
 * `retryMs` and whenever a target comes back. A `paused` agent (budget spent, or paused by a
 * person) is not restarted: starting it elsewhere would undo the pause, so it becomes
 * `stopped` with no target and a person starts it again deliberately.
 *
 * When a target comes back, workers still running there for agents that have moved on are
 * stopped, so an agent never has two workers.
 */
import type { AgentStatus } from '../../../../shared/index.js';
import type { Services } from '../index.js';
import type { TargetHealthState } from './target-monitor.js';

/** What the failover needs from the orchestrator. */
export interface AgentStarter {
  startAgent(actor: string, agentId: string): Promise<unknown>;
  cancelRestart(agentId: string): void;
}

export interface FailoverOptions {
  /** Drop the agent's live socket, if it is connected to this hub. */
  disconnect(agentId: string): void;
  /** How often agents waiting for room are tried again. */
  retryMs: number;
  log(line: string): void;
}

const ON_TARGET: AgentStatus[] = ['starting', 'idle', 'busy', 'failed', 'lost'];
const ACTOR = 'cluster';

export class TargetFailover {
  /** Agents lost with their target that no other target could take yet. */
  private readonly waiting = new Set<string>();
  private off: (() => void) | null = null;
  private timer: NodeJS.Timeout | undefined;
  private work: Promise<void> = Promise.resolve();

  constructor(
    private readonly services: Services,
    private readonly starter: AgentStarter,
    private readonly options: FailoverOptions,
  ) {}

  start(): void {
    this.off = this.services.cluster.onTargetChange((id, state) => this.enqueue(id, state));
    this.timer = setInterval(() => {
      if (this.waiting.size > 0) this.queue('retry', () => this.placeWaiting());
    }, this.options.retryMs);
    this.timer.unref();
  }

  /** Resolves when the failovers asked for so far are done (tests, shutdown). */
  idle(): Promise<void> {
    return this.work;
  }

  stop(): Promise<void> {
    this.off?.();
    clearInterval(this.timer);
    return this.work;
  }

  private enqueue(targetId: string, state: TargetHealthState): void {
    this.queue(targetId, state.down ? () => this.failover(targetId) : () => this.recovered(targetId));
  }

  /** One failover step at a time, in order. */
  private queue(what: string, run: () => Promise<void>): void {
    this.work = this.work.then(run).catch((err: Error) => this.options.log(`cluster: failover (${what}) failed: ${err.message}`));
  }

  private async placeWaiting(): Promise<void> {
    for (const agentId of [...this.waiting]) await this.replace(agentId);
  }

  /** Mark the target's agents lost, requeue their tasks, start them elsewhere. */
  async failover(targetId: string): Promise<void> {
    const { store, scheduler } = this.services;
    const agents = await store.agents.listByTarget(targetId, [...ON_TARGET, 'paused']);
    const lost: string[] = [];
    for (const agent of agents) {
      this.starter.cancelRestart(agent.id);
      if (agent.status === 'paused') {
        await this.stopPaused(agent.id, targetId);
        continue;
      }
      const moved = await store.transaction(async (tx) => {
        const changed = await tx.agents.transition(agent.id, ON_TARGET, 'lost', { tokenHash: null });
        if (changed) {
          await tx.events.append({ type: 'agent.lost', subject: `agent:${agent.id}`, actor: ACTOR, payload: { ...changed, reason: `runtime target ${targetId} is down` } });
        }
        return changed;
      });
      if (!moved) continue;
      this.options.disconnect(agent.id);
      await scheduler.releaseAgentTasks(agent.id, `runtime target ${targetId} is down`, ACTOR);
      lost.push(agent.id);
    }
    this.options.log(`cluster: ${lost.length} agent(s) lost with runtime target ${targetId}; placing them elsewhere`);
    for (const agentId of lost) await this.replace(agentId);
  }

  /** A paused agent's target is gone: it stays off, with no target, until a person starts it. */
  private async stopPaused(agentId: string, targetId: string): Promise<void> {
    const reason = `runtime target ${targetId} is down`;
    const stopped = await this.services.agents.setStatus(ACTOR, agentId, ['paused'], 'stopped', { tokenHash: null, targetId: null });
    if (!stopped) return;
    this.options.disconnect(agentId);
    await this.services.scheduler.releaseAgentTasks(agentId, reason, ACTOR);
    this.options.log(`cluster: paused agent ${agentId} stopped (${reason}); start it again to place it elsewhere`);
  }

  /** A target is back: stop its workers of agents that moved on, then place waiting agents. */
  async recovered(targetId: string): Promise<void> {
    const { cluster, store } = this.services;
    const driver = cluster.registry.get(targetId)?.driver;
    for (const instance of (await driver?.list()) ?? []) {
      const agent = await store.agents.get(instance.agentId);
      const home = agent && (agent.targetId ?? cluster.configuredTargetOf(agent.runtime));
      // A stopped agent has no worker either (a paused one stopped by the failover above).
      if (agent && (home !== targetId || agent.status === 'stopped')) {
        this.options.log(`cluster: stopping the leftover worker of agent ${agent.id} on ${targetId} (it belongs on ${agent.status === 'stopped' ? 'no target, stopped' : (home ?? 'no target')} now)`);
        await driver!.stop(instance.agentId).catch((err: Error) => this.options.log(`cluster: ${err.message}`));
      }
    }
    await this.placeWaiting();
  }

  private async replace(agentId: string): Promise<void> {
    // Someone stopped, restarted or deleted it meanwhile: it is no longer ours to start.
    const agent = await this.services.store.agents.get(agentId);
    if (!agent || (agent.status !== 'lost' && agent.status !== 'failed')) {
      this.waiting.delete(agentId);
      return;
    }
    try {
      await this.starter.startAgent(ACTOR, agentId);
      this.waiting.delete(agentId);
    } catch (err) {
      this.waiting.add(agentId);
      this.options.log(`cluster: agent ${agentId} stays lost for now: ${(err as Error).message}`);
    }
  }
}
