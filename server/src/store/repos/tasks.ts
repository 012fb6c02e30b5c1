import { and, count, desc, eq, getTableColumns, ilike, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { canTransition, type Task, type TaskListQuery, type TaskStatus } from '../../../../shared/index.js';
import { type Db, iso, isoNow } from '../db.js';
import { agents, tasks } from '../schema.js';
import { escapeLike } from './agents.js';
import { arrayLiteral } from './array-literal.js';
import { pageWithTotal } from './page.js';

type Row = typeof tasks.$inferSelect;
export type NewTask = typeof tasks.$inferInsert;
/** Columns to set in a transition: values, or SQL computed from the row. */
export type TaskPatch = Omit<PgUpdateSetSource<typeof tasks>, 'status' | 'updatedAt'>;

export function toTask(r: Row): Task {
  return {
    id: r.id,
    sessionId: r.sessionId,
    parentTaskId: r.parentTaskId,
    title: r.title,
    description: r.description,
    type: r.type as Task['type'],
    requiredCapabilities: r.requiredCapabilities,
    priority: r.priority,
    status: r.status as TaskStatus,
    dependencies: r.dependencies,
    context: r.context,
    result: r.result ?? null,
    error: r.error,
    assignedAgentId: r.assignedAgentId,
    attempts: r.attempts,
    maxAttempts: r.maxAttempts,
    leaseExpiresAt: iso(r.leaseExpiresAt),
    availableAt: iso(r.availableAt),
    tokensUsed: r.tokensUsed,
    costUsd: r.costUsd,
    createdBy: r.createdBy,
    createdAt: isoNow(r.createdAt),
    updatedAt: isoNow(r.updatedAt),
    startedAt: iso(r.startedAt),
    completedAt: iso(r.completedAt),
  };
}

export class TaskRepository {
  constructor(private readonly db: Db) {}

  async insert(task: NewTask): Promise<Task> {
    const [row] = await this.db.insert(tasks).values(task).returning();
    return toTask(row!);
  }

  async get(id: string): Promise<Task | null> {
    const [row] = await this.db.select().from(tasks).where(eq(tasks.id, id));
    return row ? toTask(row) : null;
  }

  async getMany(ids: readonly string[]): Promise<Task[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.select().from(tasks).where(inArray(tasks.id, [...ids]));
    return rows.map(toTask);
  }

  async list(q: TaskListQuery): Promise<{ items: Task[]; total: number }> {
    const conds: SQL[] = [];
    if (q.status) conds.push(eq(tasks.status, q.status));
    if (q.type) conds.push(eq(tasks.type, q.type));
    if (q.sessionId) conds.push(eq(tasks.sessionId, q.sessionId));
    if (q.agentId) conds.push(eq(tasks.assignedAgentId, q.agentId));
    if (q.parentTaskId) conds.push(eq(tasks.parentTaskId, q.parentTaskId));
    if (q.q) conds.push(ilike(tasks.title, `%${escapeLike(q.q)}%`));
    const where = conds.length ? and(...conds) : undefined;
    const { rows, total } = await pageWithTotal(this.db, tasks, where, [desc(tasks.createdAt), tasks.id], q);
    return { items: rows.map(toTask), total };
  }

  /** Tasks waiting on `dependencyId` (used to promote dependants when it completes). */
  async listDependants(dependencyId: string): Promise<Task[]> {
    const rows = await this.db
      .select()
      .from(tasks)
      .where(and(eq(tasks.status, 'pending'), arrayContains(tasks.dependencies, dependencyId)));
    return rows.map(toTask);
  }

  /**
   * The guarded transition of DESIGN §3: `UPDATE … WHERE status IN (from)`, and, with
   * `assignedTo`, only while that agent holds the task. Returns the updated task, or null when
   * it was not in an expected state (someone else moved it). The patch may compute from the
   * row (e.g. `sql\`${tasks.attempts} - 1\``), so a move needs no read first.
   */
  async transition(
    id: string,
    from: readonly TaskStatus[],
    to: TaskStatus,
    patch: TaskPatch = {},
    assignedTo?: string,
  ): Promise<Task | null> {
    const [row] = await this.guardedUpdate(id, from, to, patch, assignedTo).returning();
    return row ? toTask(row) : null;
  }

  /**
   * The move to `completed` (a guarded transition, see transition) that also says whether a
   * pending task waits on this one, so dependants are looked for only when there are some.
   */
  async complete(id: string, from: readonly TaskStatus[], patch: TaskPatch, assignedTo?: string): Promise<{ task: Task; awaited: boolean } | null> {
    const [row] = await this.guardedUpdate(id, from, 'completed', patch, assignedTo).returning({
      ...getTableColumns(tasks),
      // Qualified by hand: in RETURNING drizzle leaves ${tasks.id} unqualified, which inside the
      // subquery would name the dependant's own id.
      awaited: sql<boolean>`exists (select 1 from ${tasks} as dependant where dependant.status = 'pending' and dependant.dependencies @> array[${sql.identifier('tasks')}.${sql.identifier('id')}])`,
    });
    return row ? { task: toTask(row), awaited: row.awaited } : null;
  }

  private guardedUpdate(id: string, from: readonly TaskStatus[], to: TaskStatus, patch: TaskPatch, assignedTo?: string) {
    const illegal = from.filter((f) => !canTransition(f, to));
    if (illegal.length) throw new Error(`programming error: task transition ${illegal.join('|')} → ${to} is not in TASK_TRANSITIONS`);
    const guard = [eq(tasks.id, id), inArray(tasks.status, [...from])];
    if (assignedTo !== undefined) guard.push(eq(tasks.assignedAgentId, assignedTo));
    return this.db
      .update(tasks)
      .set({ ...patch, status: to, updatedAt: new Date() })
      .where(and(...guard));
  }

  /**
   * Hand a task back to the queue without spending an attempt (it was released, not failed):
   * one guarded update, the attempt given back from the row itself. Null when not in `from`.
   */
  async release(id: string, from: readonly TaskStatus[], error: string): Promise<Task | null> {
    return this.transition(id, from, 'ready', { assignedAgentId: null, leaseExpiresAt: null, attempts: sql`greatest(${tasks.attempts} - 1, 0)`, error });
  }

  /**
   * Atomically lease the best ready task an agent can work (or exactly `onlyTaskId`): type
   * matches or is unset, required capabilities ⊆ the agent's, highest priority then oldest.
   * `FOR UPDATE SKIP LOCKED` lets concurrent claimers take different rows instead of waiting.
   */
  async claimNext(
    agent: { id: string; type: string; capabilities: string[] },
    leaseUntil: Date,
    onlyTaskId?: string,
  ): Promise<Task | null> {
    const candidate = sql`(
      select ${tasks.id} from ${tasks}
      where ${tasks.status} = 'ready'
        and (${tasks.type} is null or ${tasks.type} = ${agent.type})
        and ${tasks.requiredCapabilities} <@ ${arrayLiteral(agent.capabilities)}::text[]
        ${onlyTaskId ? sql`and ${tasks.id} = ${onlyTaskId}` : sql``}
        and ${agentMayWork(agent.id)}
      order by ${tasks.priority} desc, ${tasks.createdAt} asc
      limit 1
      for update skip locked)`;
    const [row] = await this.db
      .update(tasks)
      .set({
        status: 'assigned',
        assignedAgentId: agent.id,
        attempts: sql`${tasks.attempts} + 1`,
        leaseExpiresAt: leaseUntil,
        availableAt: null,
        updatedAt: new Date(),
      })
      .where(and(eq(tasks.id, candidate), eq(tasks.status, 'ready')))
      .returning();
    return row ? toTask(row) : null;
  }

  /**
   * What idle agents could be given, in two reads whatever their number: the distinct shapes
   * (type, required capabilities) of ready tasks, and which of `agentIds` have an assignment
   * waiting (see assignedTo). The dispatcher tries a claim only for agents something matches,
   * instead of a claim transaction per idle agent every round.
   */
  async demand(agentIds: string[]): Promise<{ ready: Array<{ type: string | null; requiredCapabilities: string[] }>; handedTo: Set<string>; complete: boolean }> {
    const ready = await this.db
      .selectDistinct({ type: tasks.type, requiredCapabilities: tasks.requiredCapabilities })
      .from(tasks)
      .where(eq(tasks.status, 'ready'))
      .limit(DEMAND_SHAPES);
    const handed = agentIds.length
      ? await this.db
          .selectDistinct({ agentId: tasks.assignedAgentId })
          .from(tasks)
          .where(and(eq(tasks.status, 'assigned'), inArray(tasks.assignedAgentId, agentIds)))
      : [];
    return { ready, handedTo: new Set(handed.map((h) => h.agentId!)), complete: ready.length < DEMAND_SHAPES };
  }

  /** A task assigned to this agent but not started (handed over by a person); renews its lease. */
  async assignedTo(agentId: string, leaseUntil: Date): Promise<Task | null> {
    const candidate = sql`(
      select ${tasks.id} from ${tasks}
      where ${tasks.assignedAgentId} = ${agentId} and ${tasks.status} = 'assigned' and ${agentMayWork(agentId)}
      order by ${tasks.priority} desc, ${tasks.createdAt} asc
      limit 1)`;
    const [row] = await this.db
      .update(tasks)
      .set({ leaseExpiresAt: leaseUntil, updatedAt: new Date() })
      .where(and(eq(tasks.id, candidate), eq(tasks.status, 'assigned')))
      .returning();
    return row ? toTask(row) : null;
  }

  /** Edit fields of a task that has not finished; null when it has. */
  async updateUnfinished(id: string, patch: Partial<NewTask>): Promise<Task | null> {
    const [row] = await this.db
      .update(tasks)
      .set({ ...patch, updatedAt: new Date() })
      .where(and(eq(tasks.id, id), inArray(tasks.status, ['pending', 'ready', 'assigned', 'running', 'retrying'])))
      .returning();
    return row ? toTask(row) : null;
  }

  /**
   * Agents' heartbeats: for each, extend the leases of the task its worker says it holds and
   * of its assignments not yet started (on their way to the worker, or handed over by a person
   * and waiting for it to be free — it is offered them when idle, see assignedTo). A *running*
   * task the worker no longer names is not extended: the worker moved on (the hub released the
   * task and handed it back while the first offer's answer was late, or a release failed), so
   * it expires and is retried instead of being kept alive forever by a worker busy elsewhere.
   * One statement for any number of beats (see HeartbeatWriter).
   */
  async extendLeases(beats: ReadonlyArray<{ agentId: string; heldTaskId?: string }>, until: Date): Promise<number> {
    if (beats.length === 0) return 0;
    const agentIds = beats.map((b) => b.agentId);
    const heldPairs = sql`(${tasks.assignedAgentId}, ${tasks.id}) in (select * from unnest(${arrayLiteral(agentIds)}::uuid[], ${arrayLiteral(beats.map((b) => b.heldTaskId ?? null))}::uuid[]))`;
    const rows = await this.db
      .update(tasks)
      .set({ leaseExpiresAt: until })
      .where(and(inArray(tasks.assignedAgentId, agentIds), or(eq(tasks.status, 'assigned'), and(eq(tasks.status, 'running'), heldPairs))))
      .returning({ id: tasks.id });
    return rows.length;
  }

  async leaseExpired(now: Date, limit = 500): Promise<Task[]> {
    const rows = await this.db
      .select()
      .from(tasks)
      .where(and(inArray(tasks.status, ['assigned', 'running']), lte(tasks.leaseExpiresAt, now)))
      .limit(limit);
    return rows.map(toTask);
  }

  async retryDue(now: Date, limit = 500): Promise<Task[]> {
    const rows = await this.db
      .select()
      .from(tasks)
      .where(and(eq(tasks.status, 'retrying'), lte(tasks.availableAt, now)))
      .limit(limit);
    return rows.map(toTask);
  }

  async countByStatus(): Promise<Record<string, number>> {
    const rows = await this.db.select({ status: tasks.status, n: count() }).from(tasks).groupBy(tasks.status);
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  /** Counts by status and agent type (null: any agent), for the metrics' queue depth per type. */
  async countByStatusAndType(): Promise<{ status: string; type: string | null; n: number }[]> {
    const rows = await this.db.select({ status: tasks.status, type: tasks.type, n: count() }).from(tasks).groupBy(tasks.status, tasks.type);
    return rows.map((r) => ({ status: r.status, type: r.type, n: Number(r.n) }));
  }
}

function arrayContains(column: typeof tasks.dependencies, id: string): SQL {
  // `@>` with a one-element uuid array; drizzle's arrayContains types the element loosely.
  return sql`${column} @> ARRAY[${id}]::uuid[]`;
}

/** Sleeping, paused or stopped agents take no work, whatever their connection thinks. */
/** Beyond this many distinct ready-task shapes, demand() is incomplete and every idle agent is tried. */
const DEMAND_SHAPES = 200;

function agentMayWork(agentId: string): SQL {
  return sql`exists (select 1 from ${agents} where ${agents.id} = ${agentId} and ${agents.status} in ('created', 'starting', 'idle', 'busy'))`;
}
