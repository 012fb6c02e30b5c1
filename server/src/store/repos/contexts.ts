import { and, cosineDistance, eq, gte, sql, type SQL } from 'drizzle-orm';
import type { ContextEntry, ContextSearchHit, SearchContextInput } from '../../../../shared/index.js';
import { type Db, isoNow } from '../db.js';
import { contexts } from '../schema.js';

type Row = typeof contexts.$inferSelect;
export type NewContext = typeof contexts.$inferInsert;

export function toContext(r: Omit<Row, 'embedding'>): ContextEntry {
  return {
    id: r.id,
    agentId: r.agentId,
    sessionId: r.sessionId,
    parentId: r.parentId,
    kind: r.kind as ContextEntry['kind'],
    content: r.content,
    metadata: r.metadata,
    importance: r.importance,
    createdAt: isoNow(r.createdAt),
  };
}

export class ContextRepository {
  constructor(private readonly db: Db) {}

  async insert(c: NewContext): Promise<ContextEntry> {
    const [row] = await this.db.insert(contexts).values(c).returning();
    return toContext(row!);
  }

  async get(id: string): Promise<ContextEntry | null> {
    const [row] = await this.db.select().from(contexts).where(eq(contexts.id, id));
    return row ? toContext(row) : null;
  }

  /** Nearest entries by cosine distance (served by the HNSW index), best first. */
  async search(embedding: number[], q: Omit<SearchContextInput, 'query'>): Promise<ContextSearchHit[]> {
    const conds: SQL[] = [];
    if (q.agentId) conds.push(eq(contexts.agentId, q.agentId));
    if (q.sessionId) conds.push(eq(contexts.sessionId, q.sessionId));
    if (q.kind) conds.push(eq(contexts.kind, q.kind));
    if (q.minImportance !== undefined) conds.push(gte(contexts.importance, q.minImportance));
    const distance = cosineDistance(contexts.embedding, embedding);
    const rows = await this.db
      .select({
        id: contexts.id,
        agentId: contexts.agentId,
        sessionId: contexts.sessionId,
        parentId: contexts.parentId,
        kind: contexts.kind,
        content: contexts.content,
        metadata: contexts.metadata,
        importance: contexts.importance,
        createdAt: contexts.createdAt,
        distance: sql<number>`${distance}`,
      })
      .from(contexts)
      .where(conds.length ? and(...conds) : undefined)
      .orderBy(distance)
      .limit(q.limit);
    return rows.map((r) => ({ ...toContext(r), score: 1 - Number(r.distance) }));
  }
}
