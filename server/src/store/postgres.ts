import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import type { Db } from './db.js';
import { MIGRATIONS_FOLDER } from './migrations.js';
import * as schema from './schema.js';
import type { StoreAdapter } from './store.js';

/** Production adapter: postgres.js on DATABASE_URL (the server needs pgvector installed). */
export function openPostgres(url: string, options: { max?: number } = {}): StoreAdapter {
  const client = postgres(url, { max: options.max ?? 10, onnotice: () => {} });
  const db = drizzle({ client, schema }) as unknown as Db;
  return {
    name: 'postgres',
    db,
    migrate: () => migrate(drizzle({ client, schema }), { migrationsFolder: MIGRATIONS_FOLDER }),
    close: () => client.end({ timeout: 5 }),
  };
}
