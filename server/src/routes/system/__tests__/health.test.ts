/**
 * Health, readiness and liveness against real dependencies that really go away: a hub on a
 * Postgres server (pg-server, its own process) and a redis-server, each killed with SIGKILL
 * and started again. Readiness follows the store and the broker; liveness never does.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Health } from '../../../../../shared/index.js';
import { RedisProcess } from '../../../../test-support/faults/processes.js';
import { freePort } from '../../../../test-support/free-port.js';
import { startPgServer, type PgServerProcess } from '../../../../test-support/pg-server/process.js';
import { requireService } from '../../../../test-support/services.js';
import { waitFor } from '../../../../test-support/wait.js';
import { parseEnv } from '../../../env.js';
import { startHub, type Hub } from '../../../hub.js';
import { PROBE_TIMEOUT_MS } from '../../../services/system-service.js';

const redisInstalled = await requireService('redis-server', Promise.resolve(spawnSync('redis-server', ['--version']).status === 0), 'install redis-server');

let redis: RedisProcess;
let pg: PgServerProcess;
let hub: Hub;

beforeAll(async () => {
  if (!redisInstalled) return;
  const dir = mkdtempSync(join(tmpdir(), 'hive-health-'));
  redis = new RedisProcess(await freePort());
  await redis.start();
  pg = await startPgServer({ dataDir: join(dir, 'pg') });
  const env = parseEnv({
    PORT: '0',
    HOST: '127.0.0.1',
    HIVE_DATA_DIR: join(dir, 'hub'),
    HIVE_ADMIN_PASSWORD: 'correct horse battery',
    HIVE_WEB_DIST: join(dir, 'no-web'),
    HIVE_HUB_URL: 'http://127.0.0.1:9',
    DATABASE_URL: pg.url,
    REDIS_URL: redis.url,
  });
  hub = await startHub(env, { brokerPrefix: `test:${crypto.randomUUID()}:` }, () => {});
}, 120_000);
afterAll(async () => {
  // Both dependencies up again first, so the hub closes cleanly.
  if (redis && !redis.running()) await redis.start();
  if (pg && !pg.running()) await pg.start();
  await hub?.close({ stopAgents: true });
  await redis?.stop();
  await pg?.stop();
});

/** GET a system route; also checks it answered within the probe bound (plus slack). */
async function get<T>(path: string): Promise<{ status: number; body: T }> {
  const started = Date.now();
  const res = await hub.app.request(`/api/v1/system/${path}`);
  expect(Date.now() - started).toBeLessThan(PROBE_TIMEOUT_MS + 1500);
  return { status: res.status, body: (await res.json()) as T };
}
type Ready = { ready: boolean; reason?: string; components: Health['components'] };

describe.runIf(redisInstalled)('health, readiness and liveness', () => {
  it('report the store, the broker and the runtime as they are', async () => {
    const health = await get<Health>('health');
    expect(health.status).toBe(200);
    expect(health.body.components).toMatchObject({
      store: { status: 'ok', adapter: 'postgres' },
      broker: { status: 'ok', adapter: 'redis' },
      runtime: { status: 'ok', adapter: 'process' },
    });
    expect(await get('ready')).toMatchObject({ status: 200, body: { ready: true } });
    expect(await get('live')).toMatchObject({ status: 200, body: { live: true } });
  });

  it('Redis down: the broker is down and the hub unready, but alive; back when Redis is', async () => {
    await redis.kill();
    const health = await waitFor('the broker to be reported down', async () => {
      const h = await get<Health>('health');
      return h.body.components.broker?.status === 'down' && h;
    }, 15_000, 250);
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'down', components: { store: { status: 'ok' }, broker: { status: 'down', error: expect.any(String) } } });
    expect(await get<Ready>('ready')).toMatchObject({ status: 503, body: { ready: false, reason: 'broker is down' } });
    expect(await get('live')).toMatchObject({ status: 200, body: { live: true } });

    await redis.start();
    await waitFor('readiness after Redis is back', async () => (await get('ready')).status === 200, 30_000, 250);
    expect((await get('health')).status).toBe(200);
  }, 60_000);

  it('Postgres down: the store is down and the hub unready, but alive; back when Postgres is', async () => {
    await pg.kill();
    const ready = await get<Ready>('ready');
    expect(ready).toMatchObject({ status: 503, body: { ready: false, reason: 'store is down', components: { store: { status: 'down' }, broker: { status: 'ok' } } } });
    expect((await get<Health>('health')).status).toBe(503);
    expect(await get('live')).toMatchObject({ status: 200, body: { live: true } });

    await pg.start();
    await waitFor('readiness after Postgres is back', async () => (await get('ready')).status === 200, 30_000, 250);
    expect((await get<Health>('health')).body.components.store?.status).toBe('ok');
  }, 90_000);
});
