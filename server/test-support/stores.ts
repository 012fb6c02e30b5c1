/**
 * The two Store adapters as tests use them: PGlite in-process, and postgres.js (a pool of
 * several connections) talking the real Postgres wire protocol to a PGlite served by
 * ./pg-server (one backend shared turn by turn, like pglite-socket but safe for interleaved
 * extended-protocol messages and transactions of several connections).
 */
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { seedAgentTypes } from '../src/services/agent-type-catalog.js';
import { openPglite } from '../src/store/pglite.js';
import { openPostgres } from '../src/store/postgres.js';
import { Store } from '../src/store/store.js';
import { servePglite } from './pg-server/server.js';

export interface StoreFixture {
  store: Store;
  close(): Promise<void>;
}

export type StoreKind = 'pglite' | 'postgres';
export const STORE_KINDS: StoreKind[] = ['pglite', 'postgres'];

export async function openTestStore(kind: StoreKind): Promise<StoreFixture> {
  if (kind === 'pglite') {
    const adapter = await openPglite('memory');
    await adapter.migrate();
    const store = new Store(adapter);
    await store.transaction((tx) => seedAgentTypes(tx));
    return { store, close: () => store.close() };
  }
  const db = await PGlite.create({ extensions: { vector } });
  const server = await servePglite(db);
  const adapter = openPostgres(server.url, { max: 4 });
  await adapter.migrate();
  const store = new Store(adapter);
  await store.transaction((tx) => seedAgentTypes(tx));
  return {
    store,
    close: async () => {
      await store.close();
      await server.close();
      await db.close();
    },
  };
}
