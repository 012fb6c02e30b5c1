/**
 * Property-based fuzzing (fast-check) of every route and of the agent socket protocol with
 * malformed and hostile input: never a 5xx or a crash, and a refused input changes nothing
 * (no domain event is appended).
 */
import fc from 'fast-check';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_EVENTS } from '../../../../shared/index.js';
import { sha256 } from '../../auth/secrets.js';
import { createTestApp, type TestApp } from '../../../test-support/app.js';
import { ROUTE_CASES } from './route-cases.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 15);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const hostileString = fc.oneof(
  fc.string(),
  fc.constantFrom('__proto__', 'constructor', "'; drop table tasks; --", '../../etc/passwd', '\u0000', '%00', '💥'.repeat(1000), 'a'.repeat(70_000), '{"$ne":null}'),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue(),
  hostileString,
  fc.constantFrom(null, -1, 1e308, -0, 2 ** 63, true, [], {}),
);
/** Bodies near the valid one (same keys, hostile values, extra keys) and random JSON. */
const bodyNear = (valid: unknown) =>
  fc.oneof(
    fc.jsonValue(),
    valid && typeof valid === 'object' && !Array.isArray(valid)
      ? fc.record(Object.fromEntries(Object.keys(valid).map((k) => [k, hostileValue])), { requiredKeys: [] })
      : fc.jsonValue(),
    fc.dictionary(hostileString, hostileValue, { maxKeys: 5 }),
  );

async function headSeq(): Promise<number> {
  return t.services.store.events.lastSeq();
}

describe('fuzzed REST input', () => {
  const withBody = ROUTE_CASES.filter((c) => c.method !== 'GET');
  it.each(withBody.map((c) => [`${c.method} ${c.route}`, c] as const))('%s: bodies', async (_n, c) => {
    const { path, body } = await c.prepare(t);
    await fc.assert(
      fc.asyncProperty(bodyNear(body), async (fuzzed) => {
        const before = await headSeq();
        const res = await t.call(c.method, path, { as: 'admin', body: fuzzed ?? null });
        expect(res.status, await res.clone().text()).toBeLessThan(500);
        if (res.status >= 400) expect(await headSeq()).toBe(before);
      }),
      { numRuns: RUNS },
    );
  });

  it.each(ROUTE_CASES.filter((c) => c.method === 'GET').map((c) => [`GET ${c.route}`, c] as const))('%s: query strings', async (_n, c) => {
    const { path } = await c.prepare(t);
    await fc.assert(
      fc.asyncProperty(fc.dictionary(hostileString.filter((k) => k.length < 200), hostileString.filter((v) => v.length < 2000), { maxKeys: 4 }), async (query) => {
        const qs = new URLSearchParams(query as Record<string, string>).toString();
        const res = await t.call('GET', `${path.split('?')[0]}?${qs}`, { as: 'admin' });
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: RUNS },
    );
  });

  it('path parameters and raw bytes never cause a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), fc.uint8Array({ maxLength: 500 }), async (id, bytes) => {
        const before = await headSeq();
        const a = await t.call('GET', `/tasks/${encodeURIComponent(id)}`, { as: 'admin' });
        const b = await t.app.request('/api/v1/tasks', {
          method: 'POST',
          headers: { authorization: `Bearer ${t.tokens.admin}`, 'content-type': 'application/json' },
          body: bytes,
        });
        expect(a.status).toBeLessThan(500);
        expect(b.status).toBeLessThan(500);
        if (b.status >= 400) expect(await headSeq()).toBe(before);
      }),
      { numRuns: RUNS * 4 },
    );
  });
});

describe('fuzzed agent socket payloads', () => {
  let socket: Socket;
  beforeAll(async () => {
    const agent = await t.services.agents.create('test', { name: 'fuzzed', type: 'qa', runtime: 'process', start: false });
    const token = 'hive_agt_fuzz_token_of_a_rogue_agent';
    await t.services.store.agents.update(agent.id, { tokenHash: sha256(token) });
    socket = io(`${t.hub.url}/agents`, { auth: { agentId: agent.id, token }, transports: ['websocket'], reconnection: false });
    await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
  });
  afterAll(() => socket?.close());

  const inbound = Object.values(AGENT_EVENTS).filter((e) => !['task:assign', 'task:cancel', 'agent:pause', 'agent:resume', 'agent:message', 'hub:error'].includes(e));

  it('every inbound event answers garbage with an error and the hub stays up', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...inbound), hostileValue, async (event, payload) => {
        const before = await headSeq();
        const reply = (await socket.timeout(5000).emitWithAck(event, payload)) as { ok: boolean };
        if (!reply.ok) expect(await headSeq()).toBe(before);
        expect(socket.connected).toBe(true);
      }),
      { numRuns: RUNS * 10 },
    );
    expect((await t.call('GET', '/system/health', { as: 'anonymous' })).status).toBe(200);
  });
});
