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

  /** Register a new target (the API); false when the id is taken. */
  async insert(t: { id: string; kind: string; name: string; capacity: number | null; config: Record<string, unknown> }): Promise<boolean> {
    const rows = await this.db.insert(runtimeTargets).values(t).onConflictDoNothing().returning({ id: runtimeTargets.id });
    return rows.length === 1;
  }

  async remove(id: string): Promise<boolean> {
    const rows = await this.db.delete(runtimeTargets).where(eq(runtimeTargets.id, id)).returning({ id: runtimeTargets.id });
    return rows.length === 1;
  }

  list(): Promise<RuntimeTargetRow[]> {
    return this.db.select().from(runtimeTargets).orderBy(asc(runtimeTargets.id));
  }

  async get(id: string): Promise<RuntimeTargetRow | null> {
    const [row] = await this.db.select().from(runtimeTargets).where(eq(runtimeTargets.id, id));
    return row ?? null;
  }

  async setCapacity(id: string, capacity: number | null): Promise<void> {
    await this.db.update(runtimeTargets).set({ capacity }).where(eq(runtimeTargets.id, id));
  }

  async setDraining(id: string, draining: boolean): Promise<RuntimeTargetRow | null> {
    const [row] = await this.db.update(runtimeTargets).set({ draining }).where(eq(runtimeTargets.id, id)).returning();
    return row ?? null;
  }
}
