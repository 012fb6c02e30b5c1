import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { Db } from './db.js';
import { MIGRATIONS_FOLDER } from './migrations.js';
import * as schema from './schema.js';
import type { StoreAdapter } from './store.js';

/** Embedded default: PGlite (Postgres in WebAssembly) with pgvector, on disk or in memory. */
export async function openPglite(dataDir: string | 'memory'): Promise<StoreAdapter & { client: PGlite }> {
  if (dataDir !== 'memory') mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir === 'memory' ? undefined : dataDir, { extensions: { vector } });
  const db = drizzle({ client, schema }) as unknown as Db;
  return {
    name: 'pglite',
    db,
    client,
    migrate: () => migrate(drizzle({ client, schema }), { migrationsFolder: MIGRATIONS_FOLDER }),
    close: () => client.close(),
  };
}
