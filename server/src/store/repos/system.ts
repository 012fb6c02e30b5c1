import { and, count, desc, eq, isNull } from 'drizzle-orm';
import type { Checkpoint, PerformanceMetric, SleepWakeCycle } from '../../../../shared/index.js';
import { type Db, iso, isoNow } from '../db.js';
import { performanceMetrics, sleepWakeCycles, systemCheckpoints } from '../schema.js';

type CheckpointRow = typeof systemCheckpoints.$inferSelect;
type CycleRow = typeof sleepWakeCycles.$inferSelect;
type MetricRow = typeof performanceMetrics.$inferSelect;

export function toCheckpoint(r: CheckpointRow): Checkpoint {
  return {
    id: r.id,
    label: r.label,
    kind: r.kind as Checkpoint['kind'],
    gitCommit: r.gitCommit,
    state: r.state,
    createdBy: r.createdBy,
    createdAt: isoNow(r.createdAt),
  };
}

export function toCycle(r: CycleRow): SleepWakeCycle {
  return {
    id: r.id,
    agentId: r.agentId,
    reason: r.reason,
    checkpointId: r.checkpointId,
    sleptAt: isoNow(r.sleptAt),
    wokeAt: iso(r.wokeAt),
    summary: r.summary,
  };
}

export function toMetric(r: MetricRow): PerformanceMetric {
  return { ...r, recordedAt: isoNow(r.recordedAt) };
}

export class CheckpointRepository {
  constructor(private readonly db: Db) {}

  async insert(c: typeof systemCheckpoints.$inferInsert): Promise<Checkpoint> {
    const [row] = await this.db.insert(systemCheckpoints).values(c).returning();
    return toCheckpoint(row!);
  }

  async list(limit: number, offset: number): Promise<{ items: Checkpoint[]; total: number }> {
    const [rows, [total]] = await Promise.all([
      this.db.select().from(systemCheckpoints).orderBy(desc(systemCheckpoints.createdAt)).limit(limit).offset(offset),
      this.db.select({ n: count() }).from(systemCheckpoints),
    ]);
    return { items: rows.map(toCheckpoint), total: Number(total?.n ?? 0) };
  }
}

export class SleepWakeRepository {
  constructor(private readonly db: Db) {}

  async insert(c: typeof sleepWakeCycles.$inferInsert): Promise<SleepWakeCycle> {
    const [row] = await this.db.insert(sleepWakeCycles).values(c).returning();
    return toCycle(row!);
  }

  /** The open (not yet woken) cycle for an agent, or for the whole system when agentId is null. */
  async open(agentId: string | null): Promise<SleepWakeCycle | null> {
    const [row] = await this.db
      .select()
      .from(sleepWakeCycles)
      .where(and(agentId ? eq(sleepWakeCycles.agentId, agentId) : isNull(sleepWakeCycles.agentId), isNull(sleepWakeCycles.wokeAt)))
      .orderBy(desc(sleepWakeCycles.sleptAt))
      .limit(1);
    return row ? toCycle(row) : null;
  }

  async wake(id: string, summary: Record<string, unknown>): Promise<SleepWakeCycle | null> {
    const [row] = await this.db
      .update(sleepWakeCycles)
      .set({ wokeAt: new Date(), summary })
      .where(and(eq(sleepWakeCycles.id, id), isNull(sleepWakeCycles.wokeAt)))
      .returning();
    return row ? toCycle(row) : null;
  }
}

export class MetricRepository {
  constructor(private readonly db: Db) {}

  async insert(m: typeof performanceMetrics.$inferInsert): Promise<PerformanceMetric> {
    const [row] = await this.db.insert(performanceMetrics).values(m).returning();
    return toMetric(row!);
  }

  async recent(name: string, limit: number): Promise<PerformanceMetric[]> {
    const rows = await this.db
      .select()
      .from(performanceMetrics)
      .where(eq(performanceMetrics.name, name))
      .orderBy(desc(performanceMetrics.recordedAt))
      .limit(limit);
    return rows.map(toMetric);
  }
}
