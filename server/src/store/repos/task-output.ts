import { and, asc, eq, gt } from 'drizzle-orm';
import type { ProgressItem } from '../../../../shared/index.js';
import { type Db, isoNow } from '../db.js';
import { taskOutput } from '../schema.js';

export type StoredProgress = ProgressItem & { id: number };

/** What agents streamed while working tasks, kept so a task page opened late shows it all. */
export class TaskOutputRepository {
  constructor(private readonly db: Db) {}

  async append(item: Omit<ProgressItem, 'at'>): Promise<StoredProgress> {
    const [row] = await this.db
      .insert(taskOutput)
      .values({ taskId: item.taskId, agentId: item.agentId, kind: item.kind, message: item.message, data: item.data ?? null })
      .returning();
    return toProgress(row!);
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
