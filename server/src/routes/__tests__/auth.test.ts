import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../../test-support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp('pglite', { loginMaxAttempts: 3 });
});
afterAll(async () => {
  await t?.close();
});

async function login(username: string, password: string, ip = '10.0.0.1') {
  return t.app.request('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-test-ip': ip },
    body: JSON.stringify({ username, password }),
  });
}

function cookieOf(res: Response): string {
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

describe('sessions and cookies', () => {
  it('sets an HttpOnly SameSite session cookie that authenticates later requests', async () => {
    const res = await login('operator', TEST_PASSWORD);
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^hive_session=hive_s_/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    const me = await t.app.request('/api/v1/auth/me', { headers: { cookie: cookieOf(res) } });
    expect(((await me.json()) as { user: { username: string }; via: string })).toMatchObject({ user: { username: 'operator' }, via: 'session' });
  });

  it('ends the session on logout', async () => {
    const cookie = cookieOf(await login('viewer', TEST_PASSWORD));
    expect((await t.app.request('/api/v1/auth/logout', { method: 'POST', headers: { cookie } })).status).toBe(200);
    expect((await t.app.request('/api/v1/auth/me', { headers: { cookie } })).status).toBe(401);
  });

  it('refuses a cookie-authenticated write from another origin (CSRF)', async () => {
    const cookie = cookieOf(await login('operator', TEST_PASSWORD));
    const res = await t.app.request('http://hive.local/api/v1/tasks', {
      method: 'POST',
      headers: { cookie, origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'sneaky' }),
    });
    expect(res.status).toBe(403);
    const same = await t.app.request('http://hive.local/api/v1/tasks', {
      method: 'POST',
      headers: { cookie, origin: 'http://hive.local', 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'fine' }),
    });
    expect(same.status).toBe(201);
  });
});

describe('login rate limit', () => {
  it('answers 429 with Retry-After after repeated failures, even for the right password', async () => {
    for (let i = 0; i < 3; i++) expect((await login('approver', 'wrong password')).status).toBe(401);
    const limited = await login('approver', TEST_PASSWORD);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as { code: string }).code).toBe('RATE_LIMITED');
  });

  it('does not say whether the username exists', async () => {
    const unknown = (await (await login('nobody-here', 'whatever')).json()) as { message: string };
    const known = (await (await login('admin', 'whatever')).json()) as { message: string };
    expect(unknown.message).toBe(known.message);
  });
});

describe('API tokens', () => {
  it('is shown once, works as a bearer token, and stops working when revoked', async () => {
    const created = await t.call('POST', '/tokens', { as: 'operator', body: { name: 'deploy script' } });
    const { id, token } = (await created.json()) as { id: string; token: string };
    const listed = (await (await t.call('GET', '/tokens', { as: 'operator' })).json()) as { items: Record<string, unknown>[] };
    expect(listed.items.find((x) => x.id === id)).not.toHaveProperty('token');
    const ok = await t.app.request('/api/v1/agents', { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect((await t.call('DELETE', `/tokens/${id}`, { as: 'operator' })).status).toBe(200);
    const after = await t.app.request('/api/v1/agents', { headers: { authorization: `Bearer ${token}` } });
    expect(after.status).toBe(401);
  });

  it('cannot be given more power than its creator has', async () => {
    const res = await t.call('POST', '/tokens', { as: 'operator', body: { name: 'escalate', role: 'admin' } });
    expect(res.status).toBe(422);
  });

  it('a viewer-role token of an admin cannot write', async () => {
    const created = (await (await t.call('POST', '/tokens', { as: 'admin', body: { name: 'read-only', role: 'viewer' } })).json()) as { token: string };
    const res = await t.app.request('/api/v1/tasks', {
      method: 'POST',
      headers: { authorization: `Bearer ${created.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'nope' }),
    });
    expect(res.status).toBe(403);
  });

  it('refuses a malformed Authorization header', async () => {
    const res = await t.app.request('/api/v1/agents', { headers: { authorization: 'Basic abc' } });
    expect(res.status).toBe(401);
  });
});

describe('users', () => {
  it('keeps at least one active admin', async () => {
    const admin = (await t.services.store.users.findByUsername('admin'))!;
    const res = await t.call('PUT', `/users/${admin.id}`, { as: 'admin', body: { role: 'viewer' } });
    expect(res.status).toBe(409);
  });

  it('a disabled user can no longer use their tokens', async () => {
    const created = (await (await t.call('POST', '/users', { body: { username: 'temp', password: 'temporary-pass', role: 'operator' } })).json()) as { id: string };
    const cookie = cookieOf(await login('temp', 'temporary-pass', '10.0.0.9'));
    expect((await t.call('PUT', `/users/${created.id}`, { body: { disabled: true } })).status).toBe(200);
    expect((await t.app.request('/api/v1/auth/me', { headers: { cookie } })).status).toBe(401);
    expect((await login('temp', 'temporary-pass', '10.0.0.9')).status).toBe(401);
  });
});

describe('audit log', () => {
  it('records every write, refused ones too, without request bodies', async () => {
    await t.call('POST', '/agents', { as: 'operator', body: { name: 'audited', type: 'qa' } });
    await t.call('POST', '/agents', { as: 'viewer', body: { name: 'refused', type: 'qa' } });
    const log = (await (await t.call('GET', '/audit?resource=agents', { as: 'admin' })).json()) as {
      items: { actor: string; action: string; details: { status: number } }[];
    };
    expect(log.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actor: 'token:operator-token@operator', action: 'POST /api/v1/agents', details: expect.objectContaining({ status: 201 }) }),
        expect.objectContaining({ actor: 'token:viewer-token@viewer', action: 'POST /api/v1/agents', details: expect.objectContaining({ status: 403 }) }),
      ]),
    );
    const logins = (await (await t.call('GET', '/audit?resource=auth', { as: 'admin' })).json()) as { items: unknown[] };
    expect(JSON.stringify(logins.items)).not.toContain(TEST_PASSWORD);
  });
});
