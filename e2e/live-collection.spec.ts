import { expect, test } from '@playwright/test';
import type { DomainEvent, UiSubscribeResult } from '../shared/index.js';

/*
 * The dashboard's LiveCollection without a browser: a scripted hub (the LiveHost) and
 * hand-made events check the rules the live panels rely on — snapshot after the head
 * seq, replay on subscribe, each event applied once and in order, events during a load
 * kept, resume from the last seq after a reconnect, a new snapshot on resync.
 * (The web bundle has no unit-test runner of its own; Playwright's runs this in Node.)
 */

/** What this test uses of LiveCollection (the module is typed for the browser, not for this Node project). */
interface Collection<T> {
  readonly state: { readonly items: readonly T[] };
  start(): void;
  stop(): void;
  resume(): void;
  disconnected(): void;
  handleEvents(events: readonly DomainEvent[]): void;
}
type CollectionClass = new <T>(host: unknown, options: Record<string, unknown>) => Collection<T>;

// The collection schedules retries on `window`; Node has the same timers on globalThis.
(globalThis as { window?: unknown }).window ??= globalThis;
const modulePath = '../web/src/state/live-collection.js';
const { LiveCollection } = (await import(modulePath)) as { LiveCollection: CollectionClass };

interface Item {
  id: string;
  status: string;
}

let seq = 100;
function event(id: string, status: string, at = ++seq): DomainEvent {
  return { seq: at, id: `event-${at}`, type: 'task.updated', subject: `task:${id}`, actor: 'test', payload: { id, status }, createdAt: new Date().toISOString() };
}

/** A hub that answers subscriptions as scripted and records them. */
class FakeHub {
  connected = true;
  subscriptions: Array<{ rooms: readonly string[]; afterSeq: number | undefined }> = [];
  rooms = new Map<string, number>();
  /** What the next subscribe replays and answers. */
  next: { replay: DomainEvent[]; result: UiSubscribeResult } = { replay: [], result: { headSeq: 0, resync: false } };
  onReplay: (events: DomainEvent[]) => void = () => undefined;

  retainRooms(rooms: readonly string[]): void {
    for (const room of rooms) this.rooms.set(room, (this.rooms.get(room) ?? 0) + 1);
  }

  releaseRooms(rooms: readonly string[]): void {
    for (const room of rooms) this.rooms.set(room, (this.rooms.get(room) ?? 0) - 1);
  }

  async subscribe(rooms: readonly string[], afterSeq?: number): Promise<UiSubscribeResult> {
    this.subscriptions.push({ rooms, afterSeq });
    const { replay, result } = this.next;
    this.next = { replay: [], result: { headSeq: result.headSeq, resync: false } };
    if (replay.length) this.onReplay(replay);
    return result;
  }
}

function collectionOn(hub: FakeHub, snapshot: () => Promise<Item[]>, head: () => number) {
  const collection = new LiveCollection<Item>(hub, {
    rooms: ['fleet'],
    readHead: async () => head(),
    load: async () => ({ items: await snapshot(), staleSince: null }),
    change: (e: DomainEvent) => {
      const payload = e.payload as unknown as Item;
      // Cancelled tasks leave this collection (as a filtered board would drop them).
      return { id: payload.id, item: payload.status === 'cancelled' ? null : payload };
    },
    idOf: (item: Item) => item.id,
    compare: (a: Item, b: Item) => a.id.localeCompare(b.id),
  });
  hub.onReplay = (events) => collection.handleEvents(events);
  return collection;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const statuses = (items: readonly Item[]) => Object.fromEntries(items.map((item) => [item.id, item.status]));

test('a snapshot, then the replay after its head seq, each event applied once', async () => {
  const hub = new FakeHub();
  const head = seq;
  const replayed = event('a', 'running');
  hub.next = { replay: [replayed, replayed], result: { headSeq: replayed.seq, resync: false } };
  const collection = collectionOn(hub, async () => [{ id: 'a', status: 'ready' }, { id: 'b', status: 'ready' }], () => head);
  collection.start();
  await settle();
  await settle();

  expect(hub.subscriptions).toEqual([{ rooms: ['fleet'], afterSeq: head }]);
  expect(statuses(collection.state.items)).toEqual({ a: 'running', b: 'ready' });

  // A straggler older than what changed "a" last is ignored; a newer one applies.
  collection.handleEvents([event('a', 'ready', replayed.seq - 1)]);
  collection.handleEvents([event('b', 'completed')]);
  expect(statuses(collection.state.items)).toEqual({ a: 'running', b: 'completed' });

  // An entity that leaves the collection stays gone when an older event for it is replayed.
  const cancel = event('a', 'cancelled');
  collection.handleEvents([cancel]);
  collection.handleEvents([event('a', 'running', cancel.seq - 1)]);
  expect(statuses(collection.state.items)).toEqual({ b: 'completed' });
  collection.stop();
  expect(hub.rooms.get('fleet')).toBe(0);
});

test('events during the snapshot are kept; a reconnect resumes from the last seq; resync reloads', async () => {
  const hub = new FakeHub();
  let release: () => void = () => undefined;
  let snapshots = 0;
  let headSeq = seq;
  const collection = collectionOn(
    hub,
    async () => {
      snapshots += 1;
      if (snapshots === 1) await new Promise<void>((resolve) => (release = resolve));
      return [{ id: 'a', status: snapshots === 1 ? 'ready' : 'completed' }];
    },
    () => headSeq,
  );
  hub.next = { replay: [], result: { headSeq, resync: false } };
  collection.start();
  await settle();
  // The socket (subscribed for another collection) delivers an event while the snapshot loads.
  const during = event('a', 'running');
  collection.handleEvents([during]);
  release();
  await settle();
  await settle();
  expect(statuses(collection.state.items)).toEqual({ a: 'running' });

  // Live events advance the resume point…
  const live = event('c', 'ready');
  collection.handleEvents([live]);
  // …the socket drops and comes back: resubscribed from there, not reloaded.
  collection.disconnected();
  collection.resume();
  await settle();
  expect(hub.subscriptions.at(-1)).toEqual({ rooms: ['fleet'], afterSeq: live.seq });
  expect(snapshots).toBe(1);

  // Too much missed: the hub says resync, and a new snapshot replaces the items.
  headSeq = seq + 5000;
  hub.next = { replay: [], result: { headSeq, resync: true } };
  collection.disconnected();
  collection.resume();
  for (let i = 0; i < 5; i += 1) await settle();
  expect(snapshots).toBe(2);
  expect(statuses(collection.state.items)).toEqual({ a: 'completed' });
  expect(hub.subscriptions.at(-1)).toEqual({ rooms: ['fleet'], afterSeq: headSeq });
  collection.stop();
});
