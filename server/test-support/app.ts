/** A real app over a real (in-memory PGlite) store, with one API token per role. */
import { ROLES, type Role } from '../../shared/index.js';
import { createApp } from '../src/app.js';
import { hashPassword } from '../src/auth/secrets.js';
import { HashingEmbedder } from '../src/embedder/hashing.js';
import { createServices, type Services } from '../src/services/index.js';
import { openTestStore, type StoreKind } from './stores.js';

export const TEST_PASSWORD = 'correct horse battery';

export interface TestApp {
  app: ReturnType<typeof createApp>;
  services: Services;
  tokens: Record<Role, string>;
  /** fetch-like helper: JSON body, optional bearer token of a role. */
  call(method: string, path: string, opts?: { as?: Role | 'anonymous'; token?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>;
  close(): Promise<void>;
}

export async function createTestApp(kind: StoreKind = 'pglite', config: { loginMaxAttempts?: number } = {}): Promise<TestApp> {
  const fx = await openTestStore(kind);
  const services = createServices({
    store: fx.store,
    embedder: new HashingEmbedder(),
    auth: { sessionTtlHours: 1, loginMaxAttempts: config.loginMaxAttempts ?? 5, loginWindowSeconds: 60 },
    system: { version: 'test', startedAt: Date.now(), modelProvider: 'offline', modelOffline: true, repoDir: process.cwd() },
  });
  const app = createApp({ services, version: 'test', secureCookies: 'false' });
  const passwordHash = await hashPassword(TEST_PASSWORD);
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) {
    const user = await fx.store.users.insert({ id: crypto.randomUUID(), username: role, passwordHash, role });
    const principal = { user, role, via: 'session' as const };
    tokens[role] = (await services.access.createToken(principal, { name: `${role}-token` })).token;
  }
  return {
    app,
    services,
    tokens,
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
    close: fx.close,
  };
}
