import { and, asc, count, desc, eq, gt, isNull, sql, type SQL } from 'drizzle-orm';
import type { ApiToken, AuditEntry, Role, User } from '../../../../shared/index.js';
import { type Db, iso, isoNow } from '../db.js';
import { apiTokens, auditLog, users, userSessions } from '../schema.js';
import { pageWithTotal } from './page.js';

type UserRow = typeof users.$inferSelect;
type TokenRow = typeof apiTokens.$inferSelect;
type AuditRow = typeof auditLog.$inferSelect;

export type UserWithSecret = User & { passwordHash: string };

export function toUser(r: UserRow): User {
  return { id: r.id, username: r.username, role: r.role as Role, disabled: r.disabled, createdAt: isoNow(r.createdAt) };
}

export function toToken(r: TokenRow): ApiToken {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    role: r.role as Role,
    createdAt: isoNow(r.createdAt),
    lastUsedAt: iso(r.lastUsedAt),
    expiresAt: iso(r.expiresAt),
    revokedAt: iso(r.revokedAt),
  };
}

export function toAudit(r: AuditRow): AuditEntry {
  return { ...r, createdAt: isoNow(r.createdAt) };
}

export class UserRepository {
  constructor(private readonly db: Db) {}

  async insert(u: typeof users.$inferInsert): Promise<User> {
    const [row] = await this.db.insert(users).values(u).returning();
    return toUser(row!);
  }

  async get(id: string): Promise<User | null> {
    const [row] = await this.db.select().from(users).where(eq(users.id, id));
    return row ? toUser(row) : null;
  }

  async getWithSecret(id: string): Promise<UserWithSecret | null> {
    const [row] = await this.db.select().from(users).where(eq(users.id, id));
    return row ? { ...toUser(row), passwordHash: row.passwordHash } : null;
  }

  async findByUsername(username: string): Promise<UserWithSecret | null> {
    const [row] = await this.db
      .select()
      .from(users)
      .where(sql`lower(${users.username}) = lower(${username})`);
    return row ? { ...toUser(row), passwordHash: row.passwordHash } : null;
  }

  async list(): Promise<User[]> {
    const rows = await this.db.select().from(users).orderBy(users.username);
    return rows.map(toUser);
  }

  async count(): Promise<number> {
    const [row] = await this.db.select({ n: count() }).from(users);
    return Number(row?.n ?? 0);
  }

  async countActiveAdmins(): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(users)
      .where(and(eq(users.role, 'admin'), eq(users.disabled, false)));
    return Number(row?.n ?? 0);
  }

  async update(id: string, patch: Partial<typeof users.$inferInsert>): Promise<User | null> {
    const [row] = await this.db.update(users).set(patch).where(eq(users.id, id)).returning();
    return row ? toUser(row) : null;
  }
}

export class UserSessionRepository {
  constructor(private readonly db: Db) {}

  async insert(tokenHash: string, userId: string, expiresAt: Date): Promise<void> {
    await this.db.insert(userSessions).values({ tokenHash, userId, expiresAt });
  }

  /** The user behind a live (unexpired) session, or null. */
  async findUser(tokenHash: string): Promise<UserRow | null> {
    const [row] = await this.db
      .select({ user: users })
      .from(userSessions)
      .innerJoin(users, eq(users.id, userSessions.userId))
      .where(and(eq(userSessions.tokenHash, tokenHash), gt(userSessions.expiresAt, new Date())));
    return row?.user ?? null;
  }

  async delete(tokenHash: string): Promise<void> {
    await this.db.delete(userSessions).where(eq(userSessions.tokenHash, tokenHash));
  }

  async deleteForUser(userId: string): Promise<void> {
    await this.db.delete(userSessions).where(eq(userSessions.userId, userId));
  }
}

export class ApiTokenRepository {
  constructor(private readonly db: Db) {}

  async insert(t: typeof apiTokens.$inferInsert): Promise<ApiToken> {
    const [row] = await this.db.insert(apiTokens).values(t).returning();
    return toToken(row!);
  }

  /** A usable token (not revoked, not expired) and its owner. */
  async findActive(tokenHash: string): Promise<{ token: TokenRow; user: UserRow } | null> {
    const [row] = await this.db
      .select({ token: apiTokens, user: users })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)));
    if (!row) return null;
    if (row.token.expiresAt && row.token.expiresAt.getTime() <= Date.now()) return null;
    return row;
  }

  async touch(id: string): Promise<void> {
    await this.db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, id));
  }

  async listForUser(userId: string): Promise<ApiToken[]> {
    const rows = await this.db.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt));
    return rows.map(toToken);
  }

  async get(id: string): Promise<(ApiToken & { userId: string }) | null> {
    const [row] = await this.db.select().from(apiTokens).where(eq(apiTokens.id, id));
    return row ? { ...toToken(row), userId: row.userId } : null;
  }

  async revoke(id: string): Promise<ApiToken | null> {
    const [row] = await this.db
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
      .returning();
    return row ? toToken(row) : null;
  }
}

export class AuditRepository {
  constructor(private readonly db: Db) {}

  async append(e: Omit<typeof auditLog.$inferInsert, 'id'>): Promise<void> {
    await this.db.insert(auditLog).values({ ...e, id: crypto.randomUUID() });
  }

  async list(q: { limit: number; offset: number; actor?: string; resource?: string; resourceId?: string; order?: 'asc' | 'desc' }): Promise<{ items: AuditEntry[]; total: number }> {
    const conds: SQL[] = [];
    if (q.actor) conds.push(eq(auditLog.actor, q.actor));
    if (q.resource) conds.push(eq(auditLog.resource, q.resource));
    if (q.resourceId) conds.push(eq(auditLog.resourceId, q.resourceId));
    const where = conds.length ? and(...conds) : undefined;
    const order = q.order === 'asc' ? [asc(auditLog.createdAt), asc(auditLog.id)] : [desc(auditLog.createdAt), auditLog.id];
    const { rows, total } = await pageWithTotal(this.db, auditLog, where, order, q);
    return { items: rows.map(toAudit), total };
  }
}
