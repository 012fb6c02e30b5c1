import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema.js';

/** A drizzle database (or transaction) over either adapter's driver. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export const iso = (d: Date | string | null | undefined): string | null =>
  d == null ? null : (d instanceof Date ? d : new Date(d)).toISOString();
export const isoNow = (d: Date | string): string => (d instanceof Date ? d : new Date(d)).toISOString();

/** Collects the domain events a transaction appended, to publish them once it commits. */
export interface EventSink {
  push(event: import('../../../shared/index.js').DomainEvent): void;
}
