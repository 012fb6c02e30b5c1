import type { DomainEvent } from '../../../shared/index.js';
import { withTimeout } from '../with-timeout.js';

/** The part of the event log the filler reads (`store.events`). */
export interface EventLogReader {
  lastSeq(): Promise<number>;
  listAfter(q: { after: number; limit: number }): Promise<DomainEvent[]>;
}

export interface EventGapFillerOptions {
  /** How often holes are looked for. */
  tickMs: number;
  /** A hole is read from the store only once it is this old: until then its broadcast may still arrive. */
  graceMs: number;
  /** Whether this tick should also read the log's head (other hubs commit, and someone here listens). */
  probeHead: () => boolean;
  /** Whether anyone on this hub could receive a filled event; when nobody can, holes are closed unread. */
  listening: () => boolean;
  /** Emit events read from the store to this hub's own sockets. */
  deliver: (events: DomainEvent[]) => void;
  log: (msg: string) => void;
}

/** Most events read from the store in one tick; a longer gap is filled over several ticks. */
const MAX_READ = 1000;
/**
 * A round on a connection lost under it may never settle; the next tick starts another. A late
 * one finishing afterwards does no harm: what it read was ripe, and delivery and settling are
 * idempotent and only move forward.
 */
const ROUND_TIMEOUT_MS = 10_000;

/**
 * Makes one hub's delivery of domain events gap-free whatever happened to their broadcast
 * (a hub killed -9 between its commit and its broadcast, a Redis restart, a lost pub/sub
 * message). Postgres is the truth: every event this hub delivers goes through `accept`, which
 * also drops an event already delivered; seqs missing below the newest one seen are holes,
 * and a hole older than the grace period is read from the store and delivered here only.
 *
 * Why a hole can be settled by one read: appenders hold an advisory lock until commit
 * (store/repos/events.ts), so once seq N is committed every lower seq is committed or rolled
 * back for good. A seq absent from the read belonged to a rolled-back transaction and is skipped.
 *
 * Cost: nothing while seqs arrive in order; one `listAfter` per tick while a ripe hole exists;
 * one `lastSeq` per tick while `probeHead()` says so (which finds an event whose committing hub
 * died before telling anyone, when no later event would reveal the hole).
 */
export class EventGapFiller {
  /** Every seq ≤ settled is delivered or known rolled back; null until the log's head is read. */
  private settled: number | null = null;
  /** Delivered seqs above `settled`. */
  private readonly delivered = new Set<number>();
  /** When the newest known seq reached each value (ascending): every hole below `seq` is at least as old as `at`. */
  private readonly marks: { seq: number; at: number }[] = [];
  private newest = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private failing = false;

  constructor(
    private readonly events: EventLogReader,
    private readonly options: EventGapFillerOptions,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.tick(), this.options.tickMs);
    this.timer.unref();
    void this.tick(); // reads the head now, so holes count from this hub's start
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Records events about to be delivered to this hub's sockets; returns those not delivered before. */
  accept(events: readonly DomainEvent[]): DomainEvent[] {
    const fresh: DomainEvent[] = [];
    for (const e of events) {
      if ((this.settled !== null && e.seq <= this.settled) || this.delivered.has(e.seq)) continue;
      this.delivered.add(e.seq);
      fresh.push(e);
      this.noteNewest(e.seq);
    }
    this.advance();
    return fresh;
  }

  /** One round: first read the head (once), then probe and fill. The timer calls it; tests call it directly. */
  tick(): Promise<void> {
    this.running ??= withTimeout(this.round(), ROUND_TIMEOUT_MS, 'no answer within 10 s')
      .then(() => {
        if (this.failing) this.options.log('event gap filler: reading the event log works again');
        this.failing = false;
      })
      .catch((err: Error) => {
        if (!this.failing) this.options.log(`event gap filler: reading the event log failed (${err.message}); retrying`);
        this.failing = true;
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async round(): Promise<void> {
    if (this.settled === null) {
      // Whatever committed before this hub started is for a subscriber's replay, not for us.
      this.settle(await this.events.lastSeq());
      return;
    }
    if (this.options.probeHead()) this.noteNewest(await this.events.lastSeq());
    const ripe = this.ripeSeq();
    if (ripe <= this.settled) return;
    if (!this.options.listening()) {
      this.settle(ripe); // a socket that connects later gets what it missed from its subscribe replay
      return;
    }
    const upTo = Math.min(ripe, this.settled + MAX_READ);
    // Rows are distinct seqs > settled, so the first (upTo - settled) of them include every one ≤ upTo.
    const rows = await this.events.listAfter({ after: this.settled, limit: upTo - this.settled });
    // Re-check after the await: a late broadcast may have delivered some of them meanwhile.
    const missing = this.accept(rows.filter((e) => e.seq <= upTo));
    if (missing.length) {
      this.options.log(`event gap filler: delivered ${missing.length} event(s) whose broadcast never reached this hub (seq ${missing[0]!.seq}…${missing.at(-1)!.seq})`);
      this.options.deliver(missing);
    }
    this.settle(upTo);
  }

  /** The newest seq below which every hole is older than the grace period. */
  private ripeSeq(): number {
    const before = Date.now() - this.options.graceMs;
    let ripe = 0;
    for (const m of this.marks) {
      if (m.at > before) break;
      ripe = m.seq;
    }
    return ripe;
  }

  private noteNewest(seq: number): void {
    if (seq <= this.newest) return;
    this.newest = seq;
    this.marks.push({ seq, at: Date.now() });
  }

  /** Everything ≤ seq is delivered or known absent. */
  private settle(seq: number): void {
    if (this.settled !== null && seq <= this.settled) return;
    this.settled = seq;
    for (const s of this.delivered) if (s <= seq) this.delivered.delete(s);
    this.noteNewest(seq);
    this.advance();
  }

  private advance(): void {
    if (this.settled === null) return;
    while (this.delivered.delete(this.settled + 1)) this.settled++;
    while (this.marks.length && this.marks[0]!.seq <= this.settled) this.marks.shift();
  }
}
