/**
 * Every API operation × every kind of caller: anonymous, an agent's worker token (which is
 * not an API token, so it is refused everywhere), and each role. Public routes admit everyone
 * else; others admit a role at or above the route's level, refuse the ones below with 403 and
 * anonymous callers with 401.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, roleAtLeast, type Role } from '../../../../shared/index.js';
import { sha256 } from '../../auth/secrets.js';
import { createTestApp, type TestApp } from '../../../test-support/app.js';
import { ROUTE_CASES } from './route-cases.js';

type Caller = Role | 'anonymous' | 'agent';
const CALLERS: Caller[] = ['anonymous', 'agent', ...ROLES];

let t: TestApp;
let agentToken: string;
beforeAll(async () => {
  t = await createTestApp();
  const agent = await t.services.agents.create('test', { name: 'matrix', type: 'qa', runtime: 'process', start: false });
  agentToken = 'hive_agt_matrix_token_for_a_real_agent';
  await t.services.store.agents.update(agent.id, { tokenHash: sha256(agentToken) });
});
afterAll(async () => {
  await t?.close();
});

function expected(access: (typeof ROUTE_CASES)[number]['access'], caller: Caller): 'allowed' | 401 | 403 {
  // A credential that is not an API token is refused outright, even where none is needed.
  if (caller === 'agent') return 401;
  if (access === 'public') return 'allowed';
  if (caller === 'anonymous') return 401;
  if (access === 'authenticated') return 'allowed';
  return roleAtLeast(caller, access) ? 'allowed' : 403;
}

describe.each(ROUTE_CASES.map((c) => [`${c.method} ${c.route} (${c.access})`, c] as const))('%s', (_name, c) => {
  it.each(CALLERS)('as %s', async (caller) => {
    const { path, body } = await c.prepare(t, caller);
    const res =
      caller === 'anonymous'
        ? await t.call(c.method, path, { as: 'anonymous', body })
        : caller === 'agent'
          ? await t.call(c.method, path, { as: 'viewer', token: agentToken, body })
          : await t.call(c.method, path, { as: caller, body });
    const want = expected(c.access, caller);
    if (want === 'allowed') {
      expect([401, 403]).not.toContain(res.status);
      expect(res.status).toBeLessThan(500);
    } else {
      expect(res.status).toBe(want);
    }
  });
});
