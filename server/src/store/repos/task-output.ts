import { and, asc, eq, gt } from 'drizzle-orm';
import type { ProgressItem } from '../../../../shared/index.js';
import { type Db, isoNow } from '../db.js';
import { taskOutput } from '../schema.js';

export type StoredProgress = ProgressItem & { id: number };

/** What agents streamed while working tasks, kept so a task page opened late shows it all. */
export class TaskOutputRepository {
  constructor(private readonly db: Db) {}

  async append(item: Omit<ProgressItem, 'at'>): Promise<StoredProgress> {
    const [stored] = await this.appendMany([item]);
    return stored!;
  }

  /** Store several items in one statement; returned in the order given (their ids ascend in it). */
  async appendMany(items: readonly Omit<ProgressItem, 'at'>[]): Promise<StoredProgress[]> {
    if (items.length === 0) return [];
    const rows = await this.db
      .insert(taskOutput)
      .values(items.map((item) => ({ taskId: item.taskId, agentId: item.agentId, kind: item.kind, message: item.message, data: item.data ?? null })))
      .returning();
    // A multi-row VALUES draws its ids in row order; sorting makes the pairing explicit.
    return rows.sort((a, b) => a.id - b.id).map(toProgress);
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
