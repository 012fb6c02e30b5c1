import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { ProgressItem } from '../../../../shared/index.js';
import { type Db, isoNow } from '../db.js';
import { taskOutput, tasks } from '../schema.js';

export type StoredProgress = ProgressItem & { id: number };

/** What agents streamed while working tasks, kept so a task page opened late shows it all. */
export class TaskOutputRepository {
  constructor(private readonly db: Db) {}

  /**
   * Store items in one statement, each only while its task is assigned to its agent (an agent
   * may write only to its own task's output; checked in the insert, so no read comes first).
   * Returns, in the order given, each item's stored row, or null when the task was not its agent's.
   */
  async appendForAssignee(items: readonly Omit<ProgressItem, 'at'>[]): Promise<Array<StoredProgress | null>> {
    if (items.length === 0) return [];
    const values = items.map(
      (item, i) => sql`(${i}::int, ${item.taskId}::uuid, ${item.agentId}::uuid, ${item.kind}::text, ${item.message}::text, ${item.data ? JSON.stringify(item.data) : null}::jsonb)`,
    );
    // Ids are drawn after the sort (volatile functions in the select list are), so they ascend in
    // the order given. task_output_id_seq is the bigserial's sequence, named rather than looked up
    // with pg_get_serial_sequence (which cost more than the rest of the insert).
    const rows = await this.db
      .insert(taskOutput)
      .select(
        sql`select nextval('task_output_id_seq'), v.task_id, v.agent_id, v.kind, v.message, v.data, now()
          from (values ${sql.join(values, sql`, `)}) as v(ord, task_id, agent_id, kind, message, data)
          where exists (select 1 from ${tasks} as owner where owner.id = v.task_id and owner.assigned_agent_id = v.agent_id)
          order by v.ord`,
      )
      .returning();
    // Ownership is per (task, agent): the items of a pair are all stored or none is, so the
    // stored rows, in id order, pair up with the items of the pairs that were stored.
    const stored = rows.sort((a, b) => a.id - b.id);
    const owned = new Set(stored.map((r) => `${r.taskId}/${r.agentId}`));
    let next = 0;
    const result = items.map((item) => (owned.has(`${item.taskId}/${item.agentId}`) ? toProgress(stored[next++]!) : null));
    if (next !== stored.length) throw new Error(`programming error: ${stored.length} progress rows stored for ${next} items`);
    return result;
  }

  async list(taskId: string, after: number, limit: number): Promise<StoredProgress[]> {
    const rows = await this.db
      .select()
      .from(taskOutput)
      .where(and(eq(taskOutput.taskId, taskId), gt(taskOutput.id, after)))
      .orderBy(asc(taskOutput.id))
      .limit(limit);
    return rows.map(toProgress);
  }
}

function toProgress(r: typeof taskOutput.$inferSelect): StoredProgress {
  return {
    id: r.id,
    taskId: r.taskId,
    agentId: r.agentId,
    kind: r.kind as ProgressItem['kind'],
    message: r.message,
    ...(r.data && { data: r.data }),
    at: isoNow(r.createdAt),
  };
}
