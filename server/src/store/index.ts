import { seedAgentTypes } from '../services/agent-type-catalog.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';
import { Store } from './store.js';

export { Store, Repositories } from './store.js';

/** Open the configured adapter, apply migrations and seed the agent types. */
export async function openStore(config: { databaseUrl?: string; dataDir: string }): Promise<Store> {
  const adapter = config.databaseUrl ? openPostgres(config.databaseUrl) : await openPglite(`${config.dataDir}/pgdata`);
  await adapter.migrate();
  const store = new Store(adapter);
  await store.transaction((tx) => seedAgentTypes(tx));
  return store;
}
