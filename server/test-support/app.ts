/**
 * A real hub (HTTP app, Socket.IO, dispatcher, process runtime) over a real store, with one
 * API token per role. Agent workers it starts are pointed at a closed port unless
 * `reachableHub` is set, so route tests can start agents without them taking work.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROLES, type Role } from '../../shared/index.js';
import { hashPassword } from '../src/auth/secrets.js';
import { parseEnv } from '../src/env.js';
import { startHub, type Hub, type HubTuning } from '../src/hub.js';
import type { Services } from '../src/services/index.js';
import { openTestStore, type StoreKind } from './stores.js';

export const TEST_PASSWORD = 'correct horse battery';

export interface TestApp {
  hub: Hub;
  app: Hub['app'];
  services: Services;
  tokens: Record<Role, string>;
  dataDir: string;
  /** fetch-like helper: JSON body, bearer token of a role (or an explicit token). */
  call(method: string, path: string, opts?: { as?: Role | 'anonymous'; token?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>;
  close(): Promise<void>;
}

export interface TestAppOptions extends HubTuning {
  loginMaxAttempts?: number;
  /** Let started workers reach this hub (they then take tasks). */
  reachableHub?: boolean;
  env?: Record<string, string>;
}

export async function createTestApp(kind: StoreKind = 'pglite', options: TestAppOptions = {}): Promise<TestApp> {
  // With DATABASE_URL in `env` the hub opens that database itself, as in production.
  const fx = options.env?.DATABASE_URL ? null : await openTestStore(kind);
  const dataDir = mkdtempSync(join(tmpdir(), 'hive-test-'));
  const env = parseEnv({
    PORT: '0',
    HOST: '127.0.0.1',
    HIVE_DATA_DIR: dataDir,
    HIVE_ADMIN_PASSWORD: TEST_PASSWORD,
    HIVE_LOGIN_MAX_ATTEMPTS: String(options.loginMaxAttempts ?? 5),
    HIVE_LOGIN_WINDOW_SECONDS: '60',
    HIVE_WEB_DIST: join(dataDir, 'no-web'),
    ...(!options.reachableHub && { HIVE_HUB_URL: 'http://127.0.0.1:9' }),
    ...options.env,
  });
  const hub = await startHub(env, { ...options, store: fx?.store, workerEnv: { HIVE_HEARTBEAT_MS: '1000', ...options.workerEnv } }, () => {});
  const { services } = hub;
  const passwordHash = await hashPassword(TEST_PASSWORD);
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) {
    const user =
      (await services.store.users.findByUsername(role)) ??
      (await services.store.users.insert({ id: crypto.randomUUID(), username: role, passwordHash, role }));
    tokens[role] = (await services.access.createToken({ user, role, via: 'session' }, { name: `${role}-token` })).token;
  }
  const app = hub.app;
  return {
    hub,
    app,
    services,
    tokens,
    dataDir,
    call(method, path, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      const as = opts.as ?? 'admin';
      if (as !== 'anonymous') headers.authorization = `Bearer ${opts.token ?? tokens[as]}`;
      if (opts.body !== undefined) headers['content-type'] = 'application/json';
      return Promise.resolve(
        app.request(`/api/v1${path}`, {
          method,
          headers,
          body: opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body),
        }),
      );
    },
    async close() {
      await hub.close({ stopAgents: true });
      await fx?.close();
    },
  };
}
