import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db.js';
import { runtimeTargets } from '../schema.js';

export type RuntimeTargetRow = typeof runtimeTargets.$inferSelect;

/** The registry of places agents can run, with their drain flag and capacity. */
export class RuntimeTargetRepository {
  constructor(private readonly db: Db) {}

  /** Register a target unless it exists (its drain flag and capacity survive restarts). */
  async ensure(t: { id: string; kind: string; name: string; capacity?: number | null }): Promise<void> {
    await this.db
      .insert(runtimeTargets)
      .values({ id: t.id, kind: t.kind, name: t.name, capacity: t.capacity ?? null })
      .onConflictDoNothing();
  }

  list(): Promise<RuntimeTargetRow[]> {
    return this.db.select().from(runtimeTargets).orderBy(asc(runtimeTargets.id));
  }

  async get(id: string): Promise<RuntimeTargetRow | null> {
    const [row] = await this.db.select().from(runtimeTargets).where(eq(runtimeTargets.id, id));
    return row ?? null;
  }

  async setDraining(id: string, draining: boolean): Promise<RuntimeTargetRow | null> {
    const [row] = await this.db.update(runtimeTargets).set({ draining }).where(eq(runtimeTargets.id, id)).returning();
    return row ?? null;
  }
}
