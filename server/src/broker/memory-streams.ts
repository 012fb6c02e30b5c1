/**
 * In-process streams with consumer groups, following Redis Streams: ids "ms-seq" that only
 * grow, groups that start at the beginning of the stream, a pending entries list per group
 * (owner, delivery count, last delivery time), XAUTOCLAIM-style takeover of idle entries, and
 * blocking reads served first come, first served.
 */
import type { ReadOptions, StreamEntry } from './port.js';
import { BrokerClosedError, emptyEntryError, noGroupError } from './errors.js';
import { STREAM_MAX_LENGTH } from './conventions.js';

interface StoredEntry {
  id: string;
  fields: Record<string, string>;
}

interface PendingEntry {
  /** Position of the entry in the stream's history; see MemoryStream.firstPosition. */
  position: number;
  consumer: string;
  deliveries: number;
  lastDeliveredAt: number;
}

interface ConsumerGroup {
  /** Position of the next entry never delivered to this group. */
  nextPosition: number;
  /** Insertion order is id order: entries are first delivered in id order and a claim updates in place. */
  pending: Map<string, PendingEntry>;
}

class MemoryStream {
  readonly entries: StoredEntry[] = [];
  /** Position (0 = first entry ever added) of entries[0]; grows as trimming drops the oldest. */
  firstPosition = 0;
  readonly groups = new Map<string, ConsumerGroup>();
  private lastMs = 0;
  private lastSeq = -1;

  get endPosition(): number {
    return this.firstPosition + this.entries.length;
  }

  entryAt(position: number): StoredEntry | undefined {
    return this.entries[position - this.firstPosition];
  }

  append(fields: Record<string, string>): string {
    // Like Redis: the millisecond time, never going back even if the clock does.
    const now = Date.now();
    if (now > this.lastMs) {
      this.lastMs = now;
      this.lastSeq = 0;
    } else {
      this.lastSeq += 1;
    }
    const id = `${this.lastMs}-${this.lastSeq}`;
    this.entries.push({ id, fields: { ...fields } });
    this.trim();
    return id;
  }

  /** MAXLEN ~: trim in batches of 1% so a full stream does not shift its array on every append. */
  private trim(): void {
    const excess = this.entries.length - STREAM_MAX_LENGTH;
    if (excess < STREAM_MAX_LENGTH / 100) return;
    this.entries.splice(0, excess);
    this.firstPosition += excess;
  }
}

export class MemoryStreams {
  private readonly streams = new Map<string, MemoryStream>();
  /** Blocked reads per stream, woken by the next append (or by close). */
  private readonly waiters = new Map<string, Set<() => void>>();
  private closed = false;

  enqueue(stream: string, fields: Record<string, string>): string {
    this.assertOpen();
    if (Object.keys(fields).length === 0) throw emptyEntryError();
    const id = this.streamFor(stream).append(fields);
    this.wake(stream);
    return id;
  }

  ensureGroup(stream: string, group: string): void {
    this.assertOpen();
    const target = this.streamFor(stream);
    if (!target.groups.has(group)) target.groups.set(group, { nextPosition: 0, pending: new Map() });
  }

  async read(stream: string, group: string, consumer: string, options: ReadOptions): Promise<StreamEntry[]> {
    this.assertOpen();
    const deadline = Date.now() + options.blockMs;
    for (;;) {
      // Closing wakes blocked reads; they end with nothing, as a read whose time ran out does.
      if (this.closed) return [];
      const delivered = this.deliverNew(stream, group, consumer, options.count);
      if (delivered.length > 0) return delivered;
      const remaining = deadline - Date.now();
      if (remaining <= 0) return [];
      // Another reader woken by the same append may take the entries first; then wait again.
      await this.nextAppend(stream, remaining);
    }
  }

  ack(stream: string, group: string, ids: string[]): number {
    this.assertOpen();
    // XACK on a missing stream or group acknowledges nothing rather than failing.
    const pending = this.streams.get(stream)?.groups.get(group)?.pending;
    if (!pending) return 0;
    return ids.filter((id) => pending.delete(id)).length;
  }

  claimStale(stream: string, group: string, consumer: string, minIdleMs: number, count: number): StreamEntry[] {
    this.assertOpen();
    const { target, consumerGroup } = this.groupOf(stream, group);
    const now = Date.now();
    const claimed: StreamEntry[] = [];
    for (const [id, pending] of consumerGroup.pending) {
      if (claimed.length >= count) break;
      if (now - pending.lastDeliveredAt < minIdleMs) continue;
      const entry = target.entryAt(pending.position);
      if (!entry) {
        // Trimmed away while pending: Redis 7 drops such ids from the group instead of claiming them.
        consumerGroup.pending.delete(id);
        continue;
      }
      pending.consumer = consumer;
      pending.deliveries += 1;
      pending.lastDeliveredAt = now;
      claimed.push({ id, fields: { ...entry.fields }, deliveries: pending.deliveries });
    }
    return claimed;
  }

  backlog(stream: string, group: string): number {
    this.assertOpen();
    const target = this.streams.get(stream);
    if (!target) return 0;
    const consumerGroup = target.groups.get(group);
    // A group that does not exist yet has had nothing delivered: the whole stream is waiting.
    if (!consumerGroup) return target.entries.length;
    return consumerGroup.pending.size + target.endPosition - Math.max(consumerGroup.nextPosition, target.firstPosition);
  }

  close(): void {
    this.closed = true;
    for (const stream of [...this.waiters.keys()]) this.wake(stream);
    this.streams.clear();
  }

  private deliverNew(stream: string, group: string, consumer: string, count: number): StreamEntry[] {
    const { target, consumerGroup } = this.groupOf(stream, group);
    const now = Date.now();
    const delivered: StreamEntry[] = [];
    let position = Math.max(consumerGroup.nextPosition, target.firstPosition);
    for (; position < target.endPosition && delivered.length < count; position += 1) {
      const entry = target.entryAt(position)!;
      consumerGroup.pending.set(entry.id, { position, consumer, deliveries: 1, lastDeliveredAt: now });
      delivered.push({ id: entry.id, fields: { ...entry.fields }, deliveries: 1 });
    }
    consumerGroup.nextPosition = position;
    return delivered;
  }

  private nextAppend(stream: string, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const waiters = this.waiters.get(stream) ?? new Set<() => void>();
      this.waiters.set(stream, waiters);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(done);
        resolve();
      };
      // Not unref'd: a blocked read holds the process open, as its socket does with Redis.
      const timer = setTimeout(done, timeoutMs);
      waiters.add(done);
    });
  }

  private wake(stream: string): void {
    const waiters = this.waiters.get(stream);
    if (!waiters) return;
    this.waiters.delete(stream);
    // Set order is arrival order, so the longest-blocked reader tries first, as in Redis.
    for (const done of waiters) done();
  }

  private streamFor(stream: string): MemoryStream {
    let target = this.streams.get(stream);
    if (!target) {
      target = new MemoryStream();
      this.streams.set(stream, target);
    }
    return target;
  }

  private groupOf(stream: string, group: string): { target: MemoryStream; consumerGroup: ConsumerGroup } {
    const target = this.streams.get(stream);
    const consumerGroup = target?.groups.get(group);
    if (!target || !consumerGroup) throw noGroupError(stream, group);
    return { target, consumerGroup };
  }

  private assertOpen(): void {
    if (this.closed) throw new BrokerClosedError();
  }
}
