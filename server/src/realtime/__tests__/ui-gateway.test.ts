import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent, HubRequestResult, Task, UiSubscribeResult } from '../../../../shared/index.js';
import { Store, type StoreAdapter } from '../../store/store.js';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../../test-support/app.js';
import { waitFor } from '../../../test-support/wait.js';

let t: TestApp;
const sockets: Socket[] = [];
beforeAll(async () => {
  t = await createTestApp('pglite', { uiBatchMs: 40, uiReplayLimit: 5 });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await t?.close();
});

function connect(auth: Record<string, string> | undefined, headers?: Record<string, string>): Socket {
  const s = io(`${t.hub.url}/ui`, { auth, extraHeaders: headers, transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(s);
  return s;
}
const connected = (s: Socket) =>
  new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', (e) => reject(e));
  });

/** Collects every `ui:events` message (batches) a socket receives. */
function collect(s: Socket): DomainEvent[][] {
  const batches: DomainEvent[][] = [];
  s.on('ui:events', (b: { events: DomainEvent[] }) => batches.push(b.events));
  return batches;
}
const subscribe = (s: Socket, payload: unknown) =>
  s.timeout(5000).emitWithAck('ui:subscribe', payload) as Promise<HubRequestResult<UiSubscribeResult>>;
const createTask = async (title: string) => (await (await t.call('POST', '/tasks', { as: 'operator', body: { title } })).json()) as Task;

describe('the /ui namespace', () => {
  it('refuses a connection without a session or token', async () => {
    await expect(connected(connect(undefined))).rejects.toThrow('unauthorized');
    await expect(connected(connect({ token: 'hive_pat_nope' }))).rejects.toThrow();
  });

  it('accepts the session cookie of a browser', async () => {
    const login = await t.app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'viewer', password: TEST_PASSWORD }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const s = connect(undefined, { cookie });
    await connected(s);
    expect((await subscribe(s, { rooms: ['fleet'] })).ok).toBe(true);
  });

  it('streams committed events to subscribers of a room, batched', async () => {
    const s = connect({ token: t.tokens.viewer });
    await connected(s);
    const batches = collect(s);
    await subscribe(s, { rooms: ['fleet'] });
    const made = await Promise.all(Array.from({ length: 12 }, (_, i) => createTask(`batched ${i}`)));
    const seen = await waitFor('every task.created event', async () => {
      const ids = new Set(batches.flat().filter((e) => e.type === 'task.created').map((e) => e.payload.id));
      return made.every((m) => ids.has(m.id)) ? ids : null;
    }, 5000, 20);
    expect(seen.size).toBeGreaterThanOrEqual(12);
    expect(batches.length).toBeLessThan(12); // several events per message
  });

  it('sends a task room only that task’s events', async () => {
    const mine = await createTask('watched');
    const s = connect({ token: t.tokens.viewer });
    await connected(s);
    const batches = collect(s);
    await subscribe(s, { rooms: [`task:${mine.id}`] });
    await createTask('someone else');
    await t.call('PUT', `/tasks/${mine.id}`, { as: 'operator', body: { priority: 99 } });
    await waitFor('the update of the watched task', async () => batches.flat().some((e) => e.payload.priority === 99), 5000, 20);
    expect(batches.flat().every((e) => e.subject === `task:${mine.id}`)).toBe(true);
  });

  it('replays what a client missed while away, then keeps streaming', async () => {
    const s1 = connect({ token: t.tokens.viewer });
    await connected(s1);
    const first = await subscribe(s1, { rooms: ['fleet'] });
    s1.close();
    const missed = [await createTask('missed one'), await createTask('missed two')];
    const s2 = connect({ token: t.tokens.viewer });
    await connected(s2);
    const batches = collect(s2);
    const ack = await subscribe(s2, { rooms: ['fleet'], afterSeq: first.ok ? first.data.headSeq : 0 });
    expect(ack).toMatchObject({ ok: true, data: { resync: false } });
    const replayed = batches.flat().map((e) => e.payload.id);
    for (const m of missed) expect(replayed).toContain(m.id); // arrived before the ack
  });

  it('resends the events just below a resuming client\'s cursor (its last hub may not have filled them yet)', async () => {
    const below = await createTask('just below the cursor');
    const s = connect({ token: t.tokens.viewer });
    await connected(s);
    const head = await subscribe(s, { rooms: ['fleet'] });
    const batches = collect(s);
    // The client says it saw everything up to the head, but it may lack what lies just below.
    const again = await subscribe(s, { rooms: ['fleet'], afterSeq: head.ok ? head.data.headSeq : 0 });
    expect(again).toMatchObject({ ok: true, data: { resync: false } });
    expect(batches.flat().map((e) => e.payload.id)).toContain(below.id);
  });

  it('asks for a fresh snapshot when too much was missed', async () => {
    const s = connect({ token: t.tokens.viewer });
    await connected(s);
    const head = await subscribe(s, { rooms: ['fleet'] });
    for (let i = 0; i < 7; i++) await createTask(`flood ${i}`);
    const again = await subscribe(s, { rooms: ['fleet'], afterSeq: head.ok ? head.data.headSeq : 0 });
    expect(again).toMatchObject({ ok: true, data: { resync: true } });
  });

  describe('events committed by other hubs', () => {
    /**
     * Another hub: a second Store over the same database, whose commits this hub is never told
     * of (not closed here: it shares the test app's connection).
     */
    const otherHub = () => new Store((t.services.store as unknown as { adapter: StoreAdapter }).adapter);
    const commitElsewhere = (n: number) =>
      otherHub().transaction((tx) => tx.events.append({ type: 'system.woke', subject: 'system', actor: 'other-hub', payload: { n } }));
    const fleetSocket = async () => {
      const s = connect({ token: t.tokens.viewer });
      await connected(s);
      const batches = collect(s);
      await subscribe(s, { rooms: ['fleet'] });
      return batches;
    };
    const countOf = (batches: DomainEvent[][], seq: number) => batches.flat().filter((e) => e.seq === seq).length;

    it('delivers what another hub publishes on the broker, once', async () => {
      const batches = await fleetSocket();
      const e = await commitElsewhere(1);
      const message = JSON.stringify({ hub: 'another-hub', events: [e] });
      await t.hub.broker.publish('system_events', message);
      await waitFor('the published event', async () => countOf(batches, e.seq) === 1, 5000, 20);
      await t.hub.broker.publish('system_events', message);
      await t.hub.broker.publish('system_events', '{"hub":"another-hub","events":[{"seq":"not a number"}]}');
      await new Promise((r) => setTimeout(r, 1800)); // past the gap filler's grace period and a tick
      expect(countOf(batches, e.seq)).toBe(1);
    });

    it('fills from the store an event another hub committed but never broadcast', async () => {
      const batches = await fleetSocket();
      const lost = await commitElsewhere(2);
      const later = await createTask('after the lost one'); // its event shows this hub the hole
      await waitFor('the lost event from the store', async () => countOf(batches, lost.seq) === 1, 5000, 50);
      expect(batches.flat().some((e) => e.payload.id === later.id)).toBe(true);
      await new Promise((r) => setTimeout(r, 800));
      expect(countOf(batches, lost.seq)).toBe(1);
    });
  });

  it('answers a bad subscription with an error naming the field, and stays connected', async () => {
    const s = connect({ token: t.tokens.viewer });
    await connected(s);
    const bad = await subscribe(s, { rooms: ['everything'], afterSeq: -1 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(bad.ok ? '' : bad.error.message).toContain('rooms.0');
    expect(s.connected).toBe(true);
  });
});
