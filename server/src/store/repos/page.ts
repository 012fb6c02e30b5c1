import { count, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../db.js';

/**
 * One page of `table` and the number of rows matching `where`, in one statement: the count
 * rides along as an uncorrelated scalar subquery (Postgres runs it once, and the page keeps
 * its index/top-N plan — unlike `count(*) over ()`, which would materialise every match).
 * A page past the end has no row to carry it, so only then a second statement counts.
 * List reads were two statements each, most of a REST list request's database time.
 */
export async function pageWithTotal<T extends PgTable>(
  db: Db,
  table: T,
  where: SQL | undefined,
  orderBy: Array<SQL | PgColumn>,
  page: { limit: number; offset: number },
): Promise<{ rows: T['$inferSelect'][]; total: number }> {
  const counted = db.select({ n: count() }).from(table as PgTable).where(where);
  const rows = (await db
    .select({ row: table as PgTable, total: sql<string | number>`(${counted})` })
    .from(table as PgTable)
    .where(where)
    .orderBy(...orderBy)
    .limit(page.limit)
    .offset(page.offset)) as Array<{ row: T['$inferSelect']; total: string | number }>;
  if (rows.length > 0) return { rows: rows.map((r) => r.row), total: Number(rows[0]!.total) };
  if (page.offset === 0) return { rows: [], total: 0 };
  const [all] = await counted;
  return { rows: [], total: Number(all?.n ?? 0) };
}
