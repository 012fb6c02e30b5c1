/**
 * The hub's JSON logs after a login, a session, a new API token and its use: every request
 * is logged with its request id, and no password, cookie or token appears anywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../../test-support/app.js';
import { createLogger } from '../logger.js';

let t: TestApp;
let output = '';
const logger = createLogger('debug', { write: (line: string) => void (output += line) });

beforeAll(async () => {
  t = await createTestApp('pglite', { logger });
});
afterAll(async () => {
  await t?.close();
});

const lines = () => output.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('JSON logs', () => {
  it('log each request with its request id and never a secret', async () => {
    const wrong = 'not-the-password-but-secret-anyway';
    expect((await t.call('POST', '/auth/login', { as: 'anonymous', body: { username: 'admin', password: wrong } })).status).toBe(401);
    const login = await t.call('POST', '/auth/login', { as: 'anonymous', body: { username: 'admin', password: TEST_PASSWORD } });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const session = cookie.split('=')[1]!;
    expect(session.length).toBeGreaterThan(10);
    expect((await t.call('GET', '/auth/me', { as: 'anonymous', headers: { cookie } })).status).toBe(200);
    const created = await t.call('POST', '/tokens', { as: 'anonymous', headers: { cookie }, body: { name: 'ci' } });
    expect(created.status).toBe(201);
    const { token } = (await created.json()) as { token: string };
    const task = await t.call('POST', '/tasks', { as: 'operator', token, body: { title: 'logged' } });
    expect(task.status).toBe(201);
    const { id: taskId } = (await task.json()) as { id: string };
    expect((await t.call('GET', `/tasks/${taskId}`, { token })).status).toBe(200);
    const change = await t.call('POST', '/auth/password', {
      as: 'anonymous',
      headers: { cookie },
      body: { currentPassword: TEST_PASSWORD, newPassword: 'a-brand-new-secret-password' },
    });
    expect(change.status).toBe(200);

    // Something logged by mistake with credentials inside is redacted too.
    logger.warn({ req: { headers: { authorization: `Bearer ${token}`, cookie } }, user: { password: TEST_PASSWORD }, token }, 'oops');

    const requests = lines().filter((l) => l.msg === 'request');
    expect(requests.map((r) => `${String(r.method)} ${String(r.route)} ${String(r.status)}`)).toEqual([
      'POST /api/v1/auth/login 401',
      'POST /api/v1/auth/login 200',
      'GET /api/v1/auth/me 200',
      'POST /api/v1/tokens 201',
      'POST /api/v1/tasks 201',
      'GET /api/v1/tasks/:id 200',
      'POST /api/v1/auth/password 200',
    ]);
    for (const r of requests) expect(r.requestId).toEqual(expect.any(String));
    expect(new Set(requests.map((r) => r.requestId)).size).toBe(requests.length);
    // Requests about a task name it, as every task log line does.
    expect(requests.filter((r) => r.taskId === taskId)).toHaveLength(2);
    expect(requests.find((r) => r.route === '/api/v1/tokens')).toMatchObject({ actor: 'user:admin' });

    for (const secret of [TEST_PASSWORD, wrong, 'a-brand-new-secret-password', session, token, t.tokens.operator, t.tokens.admin]) {
      expect(output.includes(secret), `a secret leaked into the logs: ${secret.slice(0, 6)}…`).toBe(false);
    }
    expect(lines().find((l) => l.msg === 'oops')).toMatchObject({ token: '[redacted]', req: { headers: { authorization: '[redacted]', cookie: '[redacted]' } } });
  });
});
