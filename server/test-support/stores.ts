/**
 * The two Store adapters as tests use them: PGlite in-process, and postgres.js talking the
 * real Postgres wire protocol to a PGlite served by @electric-sql/pglite-socket.
 */
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { seedAgentTypes } from '../src/services/agent-type-catalog.js';
import { openPglite } from '../src/store/pglite.js';
import { openPostgres } from '../src/store/postgres.js';
import { Store } from '../src/store/store.js';

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
  const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 10 });
  await server.start();
  const address = server.getServerConn();
  // One client connection: pglite-socket multiplexes connections onto one PGlite, and
  // interleaved extended-protocol messages from several connections confuse it.
  const adapter = openPostgres(`postgres://postgres:postgres@${address}/postgres`, { max: 1 });
  await adapter.migrate();
  const store = new Store(adapter);
  await store.transaction((tx) => seedAgentTypes(tx));
  return {
    store,
    close: async () => {
      await store.close();
      await server.stop();
      await db.close();
    },
  };
}
