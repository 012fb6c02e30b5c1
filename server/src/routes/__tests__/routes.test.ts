import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test-support/app.js';
import { leastRole, ROUTE_CASES, roleBelow } from './route-cases.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('REST API v1 routes', () => {
  it('has a test case for every operation in the OpenAPI document, with the documented access', async () => {
    const doc = (await (await t.call('GET', '/openapi.json', { as: 'anonymous' })).json()) as {
      paths: Record<string, Record<string, { 'x-hive-access': string }>>;
    };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => `${method.toUpperCase()} ${path} ${op['x-hive-access']}`),
    );
    const covered = ROUTE_CASES.map((c) => `${c.method} ${c.route} ${c.access}`);
    expect(covered.sort()).toEqual(documented.sort());
  });

  describe.each(ROUTE_CASES.map((c) => [`${c.method} ${c.route}`, c] as const))('%s', (_name, c) => {
    it(`succeeds for ${leastRole(c.access)}`, async () => {
      const { path, body, token } = await c.prepare(t, leastRole(c.access));
      const res = await t.call(c.method, path, { as: leastRole(c.access), body, token });
      expect(res.status, await res.clone().text()).toBe(c.ok);
      expect(res.headers.get('content-type')).toContain('application/json');
    });

    if (c.bad) {
      it('refuses bad input with a 4xx naming the field', async () => {
        const { path, body, field } = await c.bad!(t);
        const res = await t.call(c.method, path, { as: 'admin', body });
        const err = (await res.json()) as { code: string; message: string; details?: { issues?: { path: string }[] } };
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(err.details?.issues?.map((i) => i.path)).toContain(field);
        expect(err.message).toContain(field);
      });
    }

    if (c.access !== 'public') {
      it('refuses anonymous callers with 401', async () => {
        const { path, body } = await c.prepare(t);
        const res = await t.call(c.method, path, { as: 'anonymous', body });
        expect(res.status).toBe(401);
        expect(((await res.json()) as { code: string }).code).toBe('UNAUTHENTICATED');
      });
    }

    const below = roleBelow(c.access);
    if (below) {
      it(`refuses ${below} with 403`, async () => {
        const { path, body } = await c.prepare(t);
        const res = await t.call(c.method, path, { as: below, body });
        expect(res.status).toBe(403);
        expect(((await res.json()) as { code: string }).code).toBe('FORBIDDEN');
      });
    }
  });
});
