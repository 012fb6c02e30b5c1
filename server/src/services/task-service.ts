import {
  type CreateTaskInput,
  type Task,
  type TaskListQuery,
  type TaskStatus,
  type UpdateTaskInput,
} from '../../../shared/index.js';
import { AppError } from '../errors.js';
import { inSpan } from '../observability/tracing.js';
import type { Repositories, Store } from '../store/store.js';
import { invalidTransition, type TaskScheduler } from './task-scheduler.js';

const CANCELLABLE: TaskStatus[] = ['pending', 'ready', 'assigned', 'running', 'retrying'];
const UNASSIGNABLE_AGENT = new Set(['inactive', 'stopped', 'failed', 'lost', 'stopping']);

/**
 * Task lifecycle through guarded transitions (DESIGN §3). Every change appends a domain
 * event in the same transaction; a task waits in `pending` until its dependencies complete.
 */
export class TaskService {
  constructor(
    private readonly store: Store,
    private readonly scheduler: TaskScheduler,
  ) {}

  list(q: TaskListQuery) {
    return this.store.tasks.list(q);
  }

  async get(id: string): Promise<Task> {
    const task = await this.store.tasks.get(id);
    if (!task) throw AppError.notFound('task', id);
    return task;
  }

  async create(actor: string, input: CreateTaskInput): Promise<Task> {
    // The task's trace starts here (under the REST request, or the parent task's agent); the
    // dispatcher keeps its traceparent for the claim, the worker and the result.
    return inSpan('task.create', { attributes: { 'hive.task.type': input.type ?? 'any', 'hive.actor': actor } }, async (span) => {
      const task = await this.insert(actor, input);
      span?.setAttribute('hive.task.id', task.id);
      return task;
    });
  }

  private async insert(actor: string, input: CreateTaskInput): Promise<Task> {
    const dependencies = [...new Set(input.dependencies)];
    if (input.sessionId && !(await this.store.sessions.get(input.sessionId))) {
      throw AppError.field('sessionId', `session ${input.sessionId} does not exist`);
    }
    if (input.parentTaskId && !(await this.store.tasks.get(input.parentTaskId))) {
      throw AppError.field('parentTaskId', `task ${input.parentTaskId} does not exist`);
    }
    const found = await this.store.tasks.getMany(dependencies);
    const missing = dependencies.findIndex((id) => !found.some((t) => t.id === id));
    if (missing >= 0) throw AppError.field(`dependencies.${missing}`, `task ${dependencies[missing]} does not exist`);
    // Dependencies must already exist, so a new task can never close a cycle.
    const ready = found.every((t) => t.status === 'completed');
    return this.store.transaction(async (tx) => {
      const task = await tx.tasks.insert({
        id: crypto.randomUUID(),
        sessionId: input.sessionId ?? null,
        parentTaskId: input.parentTaskId ?? null,
        title: input.title,
        description: input.description,
        type: input.type ?? null,
        requiredCapabilities: input.requiredCapabilities,
        priority: input.priority,
        status: ready ? 'ready' : 'pending',
        dependencies,
        context: input.context,
        maxAttempts: input.maxAttempts,
        createdBy: actor,
      });
      await tx.events.append({ type: 'task.created', subject: `task:${task.id}`, actor, payload: task });
      return task;
    });
  }

  async assign(actor: string, id: string, agentId: string): Promise<Task> {
    const task = await this.get(id);
    const agent = await this.store.agents.get(agentId);
    if (!agent) throw AppError.field('agentId', `agent ${agentId} does not exist`);
    if (UNASSIGNABLE_AGENT.has(agent.status)) throw AppError.field('agentId', `agent ${agentId} is ${agent.status}`);
    // The lease makes sure a task given to an agent that never takes it goes back to the queue.
    const leaseExpiresAt = new Date(Date.now() + this.scheduler.options.leaseMs);
    return this.move(actor, task, ['ready'], 'assigned', { assignedAgentId: agentId, attempts: task.attempts + 1, leaseExpiresAt });
  }

  /** Idempotent: a result delivered twice is applied once, and the second call sees the first. */
  async complete(actor: string, id: string, result: Record<string, unknown>, agentId?: string): Promise<Task> {
    return this.scheduler.complete(id, result, actor, agentId);
  }

  /** Send a finished-but-unsuccessful task back to the queue with a fresh retry budget. */
  async retry(actor: string, id: string): Promise<Task> {
    const task = await this.get(id);
    return this.move(actor, task, ['failed', 'cancelled', 'dead_letter'], 'ready', {
      attempts: 0,
      error: null,
      result: null,
      completedAt: null,
      assignedAgentId: null,
      availableAt: null,
    });
  }

  async update(actor: string, id: string, patch: UpdateTaskInput): Promise<Task> {
    const task = await this.get(id);
    return this.store.transaction(async (tx) => {
      const updated = await tx.tasks.updateUnfinished(id, patch);
      if (!updated) throw new AppError('INVALID_TRANSITION', `task ${id} is ${task.status}; finished tasks cannot be edited`);
      await tx.events.append({ type: 'task.updated', subject: `task:${id}`, actor, payload: updated });
      return updated;
    });
  }

  async cancel(actor: string, id: string, reason?: string): Promise<Task> {
    const task = await this.get(id);
    if (task.status === 'cancelled') return task;
    return this.move(actor, task, CANCELLABLE, 'cancelled', {
      error: reason ? `cancelled: ${reason}` : 'cancelled',
      leaseExpiresAt: null,
      completedAt: new Date(),
    });
  }

  private async move(
    actor: string,
    task: Task,
    from: TaskStatus[],
    to: TaskStatus,
    patch: Parameters<Repositories['tasks']['transition']>[3],
  ): Promise<Task> {
    return this.store.transaction(async (tx) => {
      const moved = await tx.tasks.transition(task.id, from, to, patch);
      if (!moved) throw invalidTransition((await tx.tasks.get(task.id)) ?? task, to);
      await tx.events.append({ type: 'task.updated', subject: `task:${task.id}`, actor, payload: moved });
      return moved;
    });
  }
}

/** Move every pending task whose dependencies are now all complete to `ready`. */
export async function promoteDependants(tx: Repositories, completedId: string, actor: string): Promise<Task[]> {
  const promoted: Task[] = [];
  for (const dependant of await tx.tasks.listDependants(completedId)) {
    const deps = await tx.tasks.getMany(dependant.dependencies);
    if (deps.length !== dependant.dependencies.length || deps.some((d) => d.status !== 'completed')) continue;
    const ready = await tx.tasks.transition(dependant.id, ['pending'], 'ready');
    if (!ready) continue;
    await tx.events.append({ type: 'task.updated', subject: `task:${ready.id}`, actor, payload: ready });
    promoted.push(ready);
  }
  return promoted;
}
