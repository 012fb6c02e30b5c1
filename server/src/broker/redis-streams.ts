/**
 * Streams with consumer groups on Redis: XADD, XGROUP CREATE, XREADGROUP, XACK, XAUTOCLAIM and
 * XINFO GROUPS. Names given here already carry the adapter's prefix.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { ReadOptions, StreamEntry } from './port.js';
import { STREAM_MAX_LENGTH } from './conventions.js';
import type { BlockingConnectionPool } from './redis-blocking-pool.js';
import { isReplyError } from './redis-connection.js';
import { autoClaimPage, groupInfos, pendingDeliveries, readGroupEntries, type RawStreamEntry } from './redis-replies.js';
import { countEntriesAfterScript } from './redis-scripts.js';

const FIRST_RETRY_DELAY_MS = 50;
const MAX_RETRY_DELAY_MS = 500;

export class RedisStreams {
  /**
   * Groups this broker has ensured. A Redis that lost its data (restart without persistence,
   * failover to an empty replica) answers NOGROUP for them; they are created again, since
   * ensureGroup promised they exist.
   */
  private readonly ensuredGroups = new Set<string>();

  constructor(
    private readonly commands: Redis,
    private readonly blockingConnections: BlockingConnectionPool,
    /** Aborted by close(): wakes a read that is waiting to retry. */
    private readonly closing: AbortSignal,
  ) {}

  async enqueue(stream: string, fields: Record<string, string>): Promise<string> {
    const reply = await this.commands.call('XADD', stream, 'MAXLEN', '~', STREAM_MAX_LENGTH, '*', ...Object.entries(fields).flat());
    return String(reply);
  }

  async ensureGroup(stream: string, group: string): Promise<void> {
    try {
      await this.commands.call('XGROUP', 'CREATE', stream, group, '0', 'MKSTREAM');
    } catch (error) {
      if (!isReplyError(error, 'BUSYGROUP')) throw error;
    }
    this.ensuredGroups.add(groupKey(stream, group));
  }

  async read(stream: string, group: string, consumer: string, { count, blockMs }: ReadOptions): Promise<StreamEntry[]> {
    if (blockMs <= 0) {
      const reply = await this.withGroupRecovery(stream, group, () => readGroup(this.commands, stream, group, consumer, count, 0));
      return firstDeliveries(reply);
    }
    const deadline = Date.now() + blockMs;
    let retryDelayMs = FIRST_RETRY_DELAY_MS;
    while (!this.closing.aborted) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      const connection = this.blockingConnections.acquire();
      try {
        // While Redis is away, wait for the connection to come back rather than queue a read
        // that would only be sent, and block for its full time, after the reconnect.
        if (!(await becomesReady(connection, remaining, this.closing))) continue;
        const outcome = await this.withGroupRecovery(stream, group, () =>
          readGroup(connection, stream, group, consumer, count, remaining),
        ).then(
          (reply) => ({ reply }),
          (error: unknown) => ({ error }),
        );
        if ('reply' in outcome) return firstDeliveries(outcome.reply);
        // Closing drops the connection under a blocked read; that ends the read, empty.
        if (this.closing.aborted) break;
        if (isReplyError(outcome.error)) throw outcome.error;
      } finally {
        this.blockingConnections.release(connection);
      }
      // The connection dropped during the read (Redis restarting, network) and reconnects by
      // itself. Try again within this read's time, so a dispatcher's read loop sees empty reads
      // during an outage rather than errors, and resumes when Redis is back.
      await delay(Math.min(retryDelayMs, remaining), undefined, { signal: this.closing }).catch(() => undefined);
      retryDelayMs = Math.min(retryDelayMs * 2, MAX_RETRY_DELAY_MS);
    }
    return [];
  }

  async ack(stream: string, group: string, ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    return Number(await this.commands.call('XACK', stream, group, ...ids));
  }

  async claimStale(stream: string, group: string, consumer: string, minIdleMs: number, count: number): Promise<StreamEntry[]> {
    if (count <= 0) return [];
    const claimed = await this.withGroupRecovery(stream, group, async () => {
      const entries: RawStreamEntry[] = [];
      // One XAUTOCLAIM scans at most 10 × COUNT pending entries; follow the cursor so stale
      // entries behind many fresh ones are found too.
      let cursor = '0-0';
      do {
        const page = autoClaimPage(
          await this.commands.call('XAUTOCLAIM', stream, group, consumer, Math.ceil(minIdleMs), cursor, 'COUNT', count - entries.length),
        );
        entries.push(...page.entries);
        cursor = page.cursor;
      } while (cursor !== '0-0' && entries.length < count);
      return entries;
    });
    return this.withDeliveryCounts(stream, group, claimed);
  }

  async backlog(stream: string, group: string): Promise<number> {
    let groups;
    try {
      groups = groupInfos(await this.commands.call('XINFO', 'GROUPS', stream));
    } catch (error) {
      if (isReplyError(error, 'ERR') && error.message.includes('no such key')) return 0;
      throw error;
    }
    const info = groups.find((candidate) => candidate.name === group);
    // A group that does not exist yet has had nothing delivered: the whole stream is waiting.
    if (!info) return Number(await this.commands.call('XLEN', stream));
    const undelivered =
      info.lag ?? Number(await countEntriesAfterScript.run(this.commands, [stream], [info.lastDeliveredId]));
    return info.pending + undelivered;
  }

  /**
   * XAUTOCLAIM does not return delivery counts, so look them up with XPENDING (sent together,
   * one round trip). An entry acknowledged between the two calls has had its work done; it is
   * left out.
   */
  private async withDeliveryCounts(stream: string, group: string, entries: RawStreamEntry[]): Promise<StreamEntry[]> {
    const counts = await Promise.all(
      entries.map(async (entry) => pendingDeliveries(await this.commands.call('XPENDING', stream, group, entry.id, entry.id, 1))),
    );
    return entries.flatMap((entry, i) => {
      const deliveries = counts[i];
      return deliveries === null || deliveries === undefined ? [] : [{ ...entry, deliveries }];
    });
  }

  private async withGroupRecovery<T>(stream: string, group: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (!isReplyError(error, 'NOGROUP') || !this.ensuredGroups.has(groupKey(stream, group))) throw error;
      await this.ensureGroup(stream, group);
      return operation();
    }
  }
}

/** Resolves true once the connection is ready, false when the time runs out or the broker closes first. */
function becomesReady(connection: Redis, timeoutMs: number, closing: AbortSignal): Promise<boolean> {
  if (connection.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const finish = (ready: boolean) => {
      clearTimeout(timer);
      connection.off('ready', onReady);
      closing.removeEventListener('abort', onClosing);
      resolve(ready);
    };
    const onReady = () => finish(true);
    const onClosing = () => finish(false);
    const timer = setTimeout(() => finish(false), timeoutMs);
    connection.once('ready', onReady);
    closing.addEventListener('abort', onClosing, { once: true });
  });
}

function groupKey(stream: string, group: string): string {
  return JSON.stringify([stream, group]);
}

function readGroup(connection: Redis, stream: string, group: string, consumer: string, count: number, blockMs: number): Promise<unknown> {
  const block = blockMs > 0 ? ['BLOCK', Math.ceil(blockMs)] : [];
  return connection.call('XREADGROUP', 'GROUP', group, consumer, 'COUNT', count, ...block, 'STREAMS', stream, '>');
}

/** XREADGROUP ... > only returns entries never delivered before. */
function firstDeliveries(reply: unknown): StreamEntry[] {
  return readGroupEntries(reply).map((entry) => ({ ...entry, deliveries: 1 }));
}
