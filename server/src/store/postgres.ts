import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import type { Db } from './db.js';
import { MIGRATIONS_FOLDER } from './migrations.js';
import * as schema from './schema.js';
import type { StoreAdapter } from './store.js';

/**
 * postgres.js options. `fetch_types: false`: by default every new connection first reads the
 * array types from pg_type, and postgres.js 3.4.9 drops that query's promise (porsager/postgres
 * #1192, #1205): when the server goes away during it — a connection opened as the database
 * restarts — the rejection is unhandled and kills the hub. Drizzle parses array columns itself,
 * and pgvector's vector type is sent and read as text, so nothing here needs those types.
 */
const POSTGRES_JS_OPTIONS = { onnotice: () => {}, fetch_types: false } as const;

/** Production adapter: postgres.js on DATABASE_URL (the server needs pgvector installed). */
export function openPostgres(url: string, options: { max?: number } = {}): StoreAdapter {
  const client = postgres(url, { max: options.max ?? 10, ...POSTGRES_JS_OPTIONS });
  const db = drizzle({ client, schema }) as unknown as Db;
  return {
    name: 'postgres',
    db,
    migrate: () => migrate(drizzle({ client, schema }), { migrationsFolder: MIGRATIONS_FOLDER }),
    close: () => client.end({ timeout: 5 }),
  };
}
