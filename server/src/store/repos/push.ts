import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../db.js';
import { hubSettings, notificationPreferences, pushSubscriptions } from '../schema.js';

export interface Preferences {
  approvals: boolean;
  failures: boolean;
  budgets: boolean;
}
export const DEFAULT_PREFERENCES: Preferences = { approvals: true, failures: true, budgets: true };

export type PushSubscriptionRow = typeof pushSubscriptions.$inferSelect;

/** Web Push subscriptions, each user's notification preferences, and hub settings. */
export class PushRepository {
  constructor(private readonly db: Db) {}

  async subscribe(s: { endpoint: string; userId: string; p256dh: string; auth: string }): Promise<void> {
    await this.db
      .insert(pushSubscriptions)
      .values(s)
      .onConflictDoUpdate({ target: pushSubscriptions.endpoint, set: { userId: s.userId, p256dh: s.p256dh, auth: s.auth } });
  }

  async unsubscribe(endpoint: string, userId?: string): Promise<boolean> {
    const rows = await this.db.delete(pushSubscriptions).where(eq(pushSubscriptions.endpoint, endpoint)).returning();
    return rows.length > 0 && (!userId || rows[0]!.userId === userId);
  }

  async subscriptionsOf(userIds: string[]): Promise<PushSubscriptionRow[]> {
    if (userIds.length === 0) return [];
    return this.db.select().from(pushSubscriptions).where(inArray(pushSubscriptions.userId, userIds));
  }

  async preferences(userId: string): Promise<Preferences> {
    const [row] = await this.db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId));
    return row ? { approvals: row.approvals, failures: row.failures, budgets: row.budgets } : { ...DEFAULT_PREFERENCES };
  }

  async setPreferences(userId: string, p: Preferences): Promise<Preferences> {
    await this.db
      .insert(notificationPreferences)
      .values({ userId, ...p })
      .onConflictDoUpdate({ target: notificationPreferences.userId, set: p });
    return p;
  }

  /** Users whose preferences allow this kind of notification (no row = the defaults, all on). */
  async usersWanting(kind: keyof Preferences, among: string[]): Promise<string[]> {
    if (among.length === 0) return [];
    const rows = await this.db.select().from(notificationPreferences).where(inArray(notificationPreferences.userId, among));
    const off = new Set(rows.filter((r) => !r[kind]).map((r) => r.userId));
    return among.filter((id) => !off.has(id));
  }

  async setting<T extends Record<string, unknown>>(key: string): Promise<T | null> {
    const [row] = await this.db.select().from(hubSettings).where(eq(hubSettings.key, key));
    return (row?.value as T | undefined) ?? null;
  }

  /** Insert unless present; returns the stored value (so concurrent first starts agree). */
  async settingOnce<T extends Record<string, unknown>>(key: string, value: T): Promise<T> {
    await this.db.insert(hubSettings).values({ key, value }).onConflictDoNothing();
    return (await this.setting<T>(key))!;
  }
}
