import { and, count, desc, eq, isNotNull, type SQL, sql } from 'drizzle-orm';
import type { ConfigDocument, HistoryEntry, HistoryQuery, Repository } from '../../../../shared/index.js';
import { type Db, isoNow } from '../db.js';
import { configDocuments, configVersions, proposals, repositories, systemCheckpoints } from '../schema.js';

/** A registered repository as stored; `head` is read from git by the service. */
export type RepositoryRecord = Omit<Repository, 'head'>;

/** Git repositories proposals may patch. */
export class CodeRepositoryRepository {
  constructor(private readonly db: Db) {}

  async upsert(r: Omit<typeof repositories.$inferInsert, 'createdAt'>): Promise<RepositoryRecord> {
    const { name: _name, ...changes } = r;
    const [row] = await this.db.insert(repositories).values(r).onConflictDoUpdate({ target: repositories.name, set: changes }).returning();
    return { ...row!, createdAt: isoNow(row!.createdAt) };
  }

  async get(name: string): Promise<RepositoryRecord | null> {
    const [row] = await this.db.select().from(repositories).where(eq(repositories.name, name));
    return row ? { ...row, createdAt: isoNow(row.createdAt) } : null;
  }

  async list(): Promise<RepositoryRecord[]> {
    const rows = await this.db.select().from(repositories).orderBy(repositories.name);
    return rows.map((r) => ({ ...r, createdAt: isoNow(r.createdAt) }));
  }
}

/** Versioned config documents; proposals add a version and switch the active one. */
export class ConfigDocumentRepository {
  constructor(private readonly db: Db) {}

  async get(name: string): Promise<ConfigDocument | null> {
    const [row] = await this.activeRows().where(eq(configDocuments.name, name));
    return row ?? null;
  }

  async list(): Promise<ConfigDocument[]> {
    return this.activeRows().orderBy(configDocuments.name);
  }

  /** Each document with the content of its active version. */
  private activeRows() {
    return this.db
      .select({ name: configDocuments.name, description: configDocuments.description, activeVersion: configDocuments.activeVersion, content: configVersions.content })
      .from(configDocuments)
      .innerJoin(configVersions, and(eq(configVersions.name, configDocuments.name), eq(configVersions.version, configDocuments.activeVersion)))
      .$dynamic();
  }

  async version(name: string, version: number): Promise<string | null> {
    const [row] = await this.db
      .select({ content: configVersions.content })
      .from(configVersions)
      .where(and(eq(configVersions.name, name), eq(configVersions.version, version)));
    return row?.content ?? null;
  }

  /** True also for a document whose creation was rolled back (active version 0). */
  async exists(name: string): Promise<boolean> {
    const [row] = await this.db.select({ name: configDocuments.name }).from(configDocuments).where(eq(configDocuments.name, name));
    return Boolean(row);
  }

  /** A new document, or a new active version of one whose creation was rolled back. */
  async create(name: string, description: string, content: string, createdBy: string): Promise<ConfigDocument> {
    await this.db.insert(configDocuments).values({ name, description, activeVersion: 0 }).onConflictDoNothing();
    const version = await this.addVersion(name, content, createdBy);
    await this.activate(name, version);
    return { name, description, activeVersion: version, content };
  }

  /** Add a version (not yet active); returns its number. */
  async addVersion(name: string, content: string, createdBy: string): Promise<number> {
    const [row] = await this.db
      .insert(configVersions)
      .values({ name, version: sql`(select coalesce(max(version), 0) + 1 from config_versions where name = ${name})`, content, createdBy })
      .returning({ version: configVersions.version });
    return row!.version;
  }

  async activate(name: string, version: number): Promise<void> {
    await this.db.update(configDocuments).set({ activeVersion: version }).where(eq(configDocuments.name, name));
  }
}

/** The self-modify history: checkpoints written by apply and rollback, with their proposal. */
export class ProposalHistoryRepository {
  constructor(private readonly db: Db) {}

  async list(q: HistoryQuery): Promise<{ items: HistoryEntry[]; total: number }> {
    const conds: SQL[] = [isNotNull(systemCheckpoints.proposalId)];
    if (q.proposalId) conds.push(eq(systemCheckpoints.proposalId, q.proposalId));
    const where = and(...conds);
    const [rows, [total]] = await Promise.all([
      this.db
        .select({ c: systemCheckpoints, p: { title: proposals.title, kind: proposals.kind, target: proposals.target, state: proposals.state, application: proposals.application } })
        .from(systemCheckpoints)
        .innerJoin(proposals, eq(proposals.id, systemCheckpoints.proposalId))
        .where(where)
        .orderBy(desc(systemCheckpoints.createdAt), desc(systemCheckpoints.id))
        .limit(q.limit)
        .offset(q.offset),
      this.db.select({ n: count() }).from(systemCheckpoints).where(where),
    ]);
    const items = rows.map(({ c, p }): HistoryEntry => {
      const state = (c.state ?? {}) as { version?: number | null; reason?: string | null; automatic?: boolean };
      return {
        checkpointId: c.id,
        proposalId: c.proposalId!,
        title: p.title,
        kind: p.kind as HistoryEntry['kind'],
        target: p.target,
        action: c.kind === 'post_rollback' ? 'rolled_back' : 'applied',
        automatic: state.automatic === true,
        // An apply's checkpoint records the head before it; the entry shows what apply made.
        gitCommit: c.kind === 'pre_apply' ? ((p.application as { mergeCommit?: string | null } | null)?.mergeCommit ?? c.gitCommit) : c.gitCommit,
        version: state.version ?? null,
        proposalState: p.state as HistoryEntry['proposalState'],
        by: c.createdBy,
        reason: state.reason ?? null,
        at: isoNow(c.createdAt),
      };
    });
    return { items, total: Number(total?.n ?? 0) };
  }
}
