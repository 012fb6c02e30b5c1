import type { Agent, AgentStatus, Task, TaskStatus } from '../../../shared/index.js';
import { AppError } from '../errors.js';
import { inSpan } from '../observability/tracing.js';
import type { NewEvent } from '../store/repos/events.js';
import type { TaskPatch } from '../store/repos/tasks.js';
import type { Repositories, Store } from '../store/store.js';
import { agentUpdated } from './agent-service.js';
import { promoteDependants } from './task-service.js';

export interface SchedulerOptions {
  /** How long a task stays leased to an agent without a heartbeat. */
  leaseMs: number;
  /** First retry delay; doubles per attempt up to retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
}

export const DEFAULT_SCHEDULER_OPTIONS: SchedulerOptions = { leaseMs: 30_000, retryBaseMs: 2_000, retryMaxMs: 120_000 };

const ACTIVE: TaskStatus[] = ['assigned', 'running'];

/**
 * A guarded status move of the reporting agent made in the same transaction as its task's
 * move (the worker's started / result / failed reports move both): one transaction and one
 * event insert instead of two each. The task move stays authoritative — when it is refused
 * the transaction rolls back, agent move included, and the refusal is thrown as without one —
 * while an agent not in one of `from` (paused meanwhile, say) is left as it is without failing
 * the task move. Repeated reports that leave the task as it is still make the agent move, as
 * the separate write did before.
 */
export interface AgentMove {
  from: readonly AgentStatus[];
  to: AgentStatus;
}

/**
 * The task lifecycle of DESIGN §3, on Postgres as the truth: every move is a guarded UPDATE
 * and appends its domain event in the same transaction. Delivery (who is told what) lives in
 * the dispatcher; this class only decides and records.
 */
export class TaskScheduler {
  constructor(
    private readonly store: Store,
    readonly options: SchedulerOptions = DEFAULT_SCHEDULER_OPTIONS,
  ) {}

  /**
   * The next task for this agent: one a person assigned to it by hand (not yet delivered),
   * else the best ready task it can work (see TaskRepository.claimNext). `handed: false` when
   * the caller knows no assignment waits for the agent (skips that read).
   */
  async claimFor(agent: Pick<Agent, 'id' | 'type' | 'capabilities'>, taskId?: string, { handed = true } = {}): Promise<Task | null> {
    if (!taskId && handed) {
      const handed = await this.store.tasks.assignedTo(agent.id, this.lease());
      if (handed) return handed;
    }
    return this.store.transaction(async (tx) => {
      const task = await tx.tasks.claimNext(agent, this.lease(), taskId);
      if (task) await tx.events.append({ type: 'task.updated', subject: `task:${task.id}`, actor: `agent:${agent.id}`, payload: task });
      return task;
    });
  }

  /** The agent acknowledged the assignment and began work (and, with `agentMove`, moves with it). */
  async start(taskId: string, agentId: string, agentMove?: AgentMove): Promise<Task> {
    return inSpan('scheduler.start', { attributes: { 'hive.task.id': taskId, 'hive.agent.id': agentId } }, () =>
      this.move(taskId, agentId, ['assigned'], 'running', { startedAt: new Date(), leaseExpiresAt: this.lease() }, agentMove),
    );
  }

  /** Agents' heartbeats: extend the leases of what each holds (see TaskRepository.extendLeases). */
  async heartbeat(beats: ReadonlyArray<{ agentId: string; heldTaskId?: string }>): Promise<number> {
    return this.store.tasks.extendLeases(beats, this.lease());
  }

  /**
   * Idempotent: the first result wins; a repeat returns the stored task untouched. With
   * `agentMove`, `agentId` (required then) moves with it.
   */
  async complete(taskId: string, result: Record<string, unknown>, actor: string, agentId?: string, agentMove?: AgentMove): Promise<Task> {
    // The span of the result being persisted: the end of a task's trace.
    return inSpan('scheduler.complete', { attributes: { 'hive.task.id': taskId, ...(agentId && { 'hive.agent.id': agentId }) } }, () =>
      this.persistResult(taskId, result, actor, agentId, agentMove),
    );
  }

  private async persistResult(taskId: string, result: Record<string, unknown>, actor: string, agentId?: string, agentMove?: AgentMove): Promise<Task> {
    return this.store.transaction(async (tx) => {
      const agentEvents = await moveAgent(tx, agentId, agentMove, actor);
      // The guarded update alone decides the usual case; the task is read only to answer a refusal.
      const completed = await tx.tasks.complete(taskId, ACTIVE, { result, error: null, completedAt: new Date(), leaseExpiresAt: null }, agentId);
      if (!completed) {
        const current = await tx.tasks.get(taskId);
        if (!current) throw AppError.notFound('task', taskId);
        if (current.status === 'completed') {
          await tx.events.appendMany(agentEvents);
          return current;
        }
        if (agentId && current.assignedAgentId !== agentId) {
          throw new AppError('CONFLICT', `task ${taskId} is not assigned to agent ${agentId}`);
        }
        throw invalidTransition(current, 'completed');
      }
      await tx.events.appendMany([{ type: 'task.updated', subject: `task:${taskId}`, actor, payload: completed.task }, ...agentEvents]);
      if (completed.awaited) await promoteDependants(tx, taskId, actor);
      return completed.task;
    });
  }

  /**
   * A failed attempt: retried with exponential backoff while the budget lasts, then dead-lettered.
   * A non-retryable failure ends the task as `failed` at once. With `agentMove`, the agent moves with it.
   */
  async fail(taskId: string, agentId: string, error: string, retryable: boolean, agentMove?: AgentMove): Promise<Task> {
    const actor = `agent:${agentId}`;
    return inSpan('scheduler.fail', { attributes: { 'hive.task.id': taskId, 'hive.agent.id': agentId, 'hive.task.retryable': retryable } }, () =>
      this.store.transaction(async (tx) => {
        const agentEvents = await moveAgent(tx, agentId, agentMove, actor);
        const current = await tx.tasks.get(taskId);
        if (!current) throw AppError.notFound('task', taskId);
        if (current.assignedAgentId !== agentId || !ACTIVE.includes(current.status)) {
          await tx.events.appendMany(agentEvents);
          return current; // stale report
        }
        return this.retryOrBury(tx, current, error, retryable, actor, agentEvents);
      }),
    );
  }

  /** Hand an active task back to the queue without spending an attempt (agent paused or stopped). */
  async release(taskId: string, reason: string, actor: string): Promise<Task | null> {
    return this.store.transaction(async (tx) => {
      const released = await tx.tasks.release(taskId, ACTIVE, `released: ${reason}`);
      if (released) await tx.events.append({ type: 'task.updated', subject: `task:${taskId}`, actor, payload: released });
      return released;
    });
  }

  /** Release every active task held by an agent (it died, stopped or paused). */
  async releaseAgentTasks(agentId: string, reason: string, actor: string): Promise<Task[]> {
    const held = await this.store.tasks.list({ agentId, limit: 200, offset: 0 });
    const released: Task[] = [];
    for (const t of held.items.filter((x) => ACTIVE.includes(x.status))) {
      const r = await this.release(t.id, reason, actor);
      if (r) released.push(r);
    }
    return released;
  }

  /**
   * The sweeper: tasks whose lease expired count as a failed attempt (their agent went
   * silent), and retrying tasks whose backoff elapsed become ready again.
   */
  async sweep(): Promise<{ expired: number; requeued: number }> {
    const now = new Date();
    let expired = 0;
    for (const task of await this.store.tasks.leaseExpired(now)) {
      await this.store.transaction(async (tx) => {
        const current = await tx.tasks.get(task.id);
        if (!current || !ACTIVE.includes(current.status) || !current.leaseExpiresAt || Date.parse(current.leaseExpiresAt) > Date.now()) return;
        await this.retryOrBury(tx, current, 'lease expired: the agent stopped heartbeating', true, 'sweeper');
        expired++;
      });
    }
    let requeued = 0;
    for (const task of await this.store.tasks.retryDue(now)) {
      await this.store.transaction(async (tx) => {
        const ready = await tx.tasks.transition(task.id, ['retrying'], 'ready', { availableAt: null });
        if (!ready) return;
        await tx.events.append({ type: 'task.updated', subject: `task:${task.id}`, actor: 'sweeper', payload: ready });
        requeued++;
      });
    }
    return { expired, requeued };
  }

  /** `alsoAppend`: events of the transaction's agent move, appended after the task's in the same insert. */
  private async retryOrBury(tx: Repositories, current: Task, error: string, retryable: boolean, actor: string, alsoAppend: NewEvent[] = []): Promise<Task> {
    const exhausted = current.attempts >= current.maxAttempts;
    const to: TaskStatus = !retryable ? 'failed' : exhausted ? 'dead_letter' : 'retrying';
    const delay = Math.min(this.options.retryBaseMs * 2 ** Math.max(0, current.attempts - 1), this.options.retryMaxMs);
    const moved = await tx.tasks.transition(current.id, ACTIVE, to, {
      error,
      leaseExpiresAt: null,
      assignedAgentId: to === 'retrying' ? null : current.assignedAgentId,
      availableAt: to === 'retrying' ? new Date(Date.now() + delay) : null,
      completedAt: to === 'retrying' ? null : new Date(),
    });
    if (!moved) throw invalidTransition(current, to);
    await tx.events.appendMany([{ type: 'task.updated', subject: `task:${current.id}`, actor, payload: moved }, ...alsoAppend]);
    return moved;
  }

  private async move(
    taskId: string,
    agentId: string,
    from: TaskStatus[],
    to: TaskStatus,
    patch: TaskPatch,
    agentMove?: AgentMove,
  ): Promise<Task> {
    const actor = `agent:${agentId}`;
    return this.store.transaction(async (tx) => {
      const agentEvents = await moveAgent(tx, agentId, agentMove, actor);
      // The guarded update alone decides the usual case; the task is read only to answer a refusal.
      const moved = await tx.tasks.transition(taskId, from, to, patch, agentId);
      if (!moved) {
        const current = await tx.tasks.get(taskId);
        if (!current) throw AppError.notFound('task', taskId);
        if (current.assignedAgentId !== agentId) throw new AppError('CONFLICT', `task ${taskId} is not assigned to agent ${agentId}`);
        if (current.status === to) {
          await tx.events.appendMany(agentEvents);
          return current;
        }
        throw invalidTransition(current, to);
      }
      await tx.events.appendMany([{ type: 'task.updated', subject: `task:${taskId}`, actor, payload: moved }, ...agentEvents]);
      return moved;
    });
  }

  private lease(): Date {
    return new Date(Date.now() + this.options.leaseMs);
  }
}

/**
 * The agent's half of an AgentMove: its event, or none when the agent was not in one of
 * `from`. Made first in the transaction so that the agent's row is locked before the task's —
 * the order the usage statement (UsageRepository.record) takes them in — so on Postgres the
 * two never deadlock over a task that reports usage and its end at once.
 */
async function moveAgent(tx: Repositories, agentId: string | undefined, move: AgentMove | undefined, actor: string): Promise<NewEvent[]> {
  if (!move) return [];
  if (!agentId) throw new Error('programming error: an agent move needs the agent id');
  const moved = await tx.agents.transition(agentId, move.from, move.to);
  return moved ? [agentUpdated(moved, actor)] : [];
}

export function invalidTransition(task: Task, to: TaskStatus): AppError {
  return new AppError('INVALID_TRANSITION', `task ${task.id} cannot move from ${task.status} to ${to}`, { from: task.status, to });
}
