/**
 * The gap filler over a real event log (PGlite): seqs the hub never received are read from
 * the store once their grace period has passed and delivered once; a seq of a rolled-back
 * transaction is skipped; nothing is read while there is no hole.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../../shared/index.js';
import { openTestStore, type StoreFixture } from '../../../test-support/stores.js';
import { EventGapFiller, type EventLogReader } from '../event-gap-filler.js';

const GRACE_MS = 150;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let fx: StoreFixture;
beforeAll(async () => {
  fx = await openTestStore('pglite');
});
afterAll(async () => {
  await fx?.close();
});

/** Commits one event the way services do (in a transaction, so it holds the log's lock). */
const commit = (n: number) =>
  fx.store.transaction((tx) => tx.events.append({ type: 'system.woke', subject: 'system', actor: 'test', payload: { n } }));

/** A seq taken by a transaction that rolls back: it never appears in the log. */
async function rolledBack(): Promise<void> {
  await fx.store
    .transaction(async (tx) => {
      await tx.events.append({ type: 'system.woke', subject: 'system', actor: 'test', payload: { rolledBack: true } });
      throw new Error('roll back');
    })
    .catch(() => {});
}

let reads: { lastSeq: number; listAfter: number };
let delivered: DomainEvent[];
let probe: boolean;
let listening: boolean;
let filler: EventGapFiller;

beforeEach(async () => {
  reads = { lastSeq: 0, listAfter: 0 };
  delivered = [];
  probe = false;
  listening = true;
  const log: EventLogReader = {
    lastSeq: () => (reads.lastSeq++, fx.store.events.lastSeq()),
    listAfter: (q) => (reads.listAfter++, fx.store.events.listAfter(q)),
  };
  filler = new EventGapFiller(log, {
    tickMs: 60_000, // the test drives tick() itself
    graceMs: GRACE_MS,
    probeHead: () => probe,
    listening: () => listening,
    deliver: (events) => delivered.push(...events),
    log: () => {},
  });
  await filler.tick(); // the first round reads the head: earlier events are not this hub's concern
  expect(reads).toEqual({ lastSeq: 1, listAfter: 0 });
});

describe('EventGapFiller', () => {
  it('reads nothing while the seqs arrive without a hole', async () => {
    const events = [await commit(1), await commit(2), await commit(3)];
    expect(filler.accept(events.slice(0, 2))).toEqual(events.slice(0, 2));
    expect(filler.accept(events.slice(2))).toEqual(events.slice(2));
    await sleep(GRACE_MS + 20);
    await filler.tick();
    await filler.tick();
    expect(reads).toEqual({ lastSeq: 1, listAfter: 0 });
    expect(delivered).toEqual([]);
  });

  it('fills a hole from the store after the grace period, and delivers it once', async () => {
    const [a, b, c] = [await commit(1), await commit(2), await commit(3)];
    expect(filler.accept([a!, c!])).toEqual([a, c]);
    await filler.tick();
    expect(reads.listAfter).toBe(0); // its broadcast may still be on its way
    await sleep(GRACE_MS + 20);
    await filler.tick();
    expect(reads.listAfter).toBe(1);
    expect(delivered).toEqual([b]);
    expect(filler.accept([b!])).toEqual([]); // the late broadcast is not delivered again
    expect(filler.accept([a!, c!])).toEqual([]); // nor a duplicate of what came first
    await filler.tick();
    expect(reads.listAfter).toBe(1);
  });

  it('skips the seq of a rolled-back transaction once it has read it absent', async () => {
    const a = await commit(1);
    await rolledBack();
    const c = await commit(3);
    expect(c.seq).toBe(a.seq + 2);
    filler.accept([a, c]);
    await sleep(GRACE_MS + 20);
    await filler.tick();
    expect(reads.listAfter).toBe(1);
    expect(delivered).toEqual([]);
    await sleep(GRACE_MS + 20);
    await filler.tick();
    expect(reads.listAfter).toBe(1); // settled: not read again
    const d = await commit(4);
    expect(filler.accept([d])).toEqual([d]);
  });

  it('does not read holes when nobody on this hub listens', async () => {
    const [a, , c] = [await commit(1), await commit(2), await commit(3)];
    filler.accept([a!, c!]);
    listening = false;
    await sleep(GRACE_MS + 20);
    await filler.tick();
    expect(reads.listAfter).toBe(0);
    expect(delivered).toEqual([]);
  });

  it('with a probe of the head, finds an event nobody broadcast and no later event reveals', async () => {
    const a = await commit(1);
    filler.accept([a]);
    const silent = await commit(2); // its hub died before telling anyone
    await sleep(GRACE_MS + 20);
    await filler.tick();
    expect(reads.listAfter).toBe(0); // without the probe nothing shows the hole
    probe = true;
    await filler.tick();
    expect(reads.lastSeq).toBe(2);
    expect(reads.listAfter).toBe(0); // just seen: its broadcast may still come
    await sleep(GRACE_MS + 20);
    await filler.tick();
    expect(delivered).toEqual([silent]);
  });
});
