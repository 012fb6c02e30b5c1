/**
 * A hub as its own OS process for the fault suite and the scale-out test: the real startHub
 * with short leases and fast restarts, configured by the environment (PORT, HIVE_DATA_DIR,
 * DATABASE_URL, REDIS_URL, HIVE_HUB_URLS …). Once it serves, it prints one line
 * `HIVE_HUB_READY {"url","token","pid"}` with a fresh admin API token.
 */
import { parseEnv } from '../../src/env.js';
import { startHub } from '../../src/hub.js';
import { surviveClosedPostgresJsWrites } from '../../src/store/postgres-js-guard.js';

const env = parseEnv();
if (env.databaseUrl) surviveClosedPostgresJsWrites((msg) => console.error(`${new Date().toISOString()} ${msg}`));
const hub = await startHub(
  env,
  {
    scheduler: { leaseMs: 6000, retryBaseMs: 200, retryMaxMs: 2000 },
    reconnectGraceMs: 2000,
    restartBaseMs: 300,
    sweepMs: 500,
    workerEnv: { HIVE_HEARTBEAT_MS: '1000' },
  },
  (msg) => console.error(`${new Date().toISOString()} ${msg}`),
);
const admin = await hub.services.store.users.findByUsername('admin');
if (!admin) throw new Error('no admin user');
const { token } = await hub.services.access.createToken({ user: admin, role: 'admin', via: 'session' }, { name: `faults-${process.pid}` });
console.log(`HIVE_HUB_READY ${JSON.stringify({ url: hub.url, token, pid: process.pid })}`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await hub.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
