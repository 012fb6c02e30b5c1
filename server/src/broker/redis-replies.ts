/**
 * Readers for the RESP2 replies of the stream commands, which ioredis hands back as nested
 * arrays typed `unknown`. A reply of an unexpected shape is a bug (or an unsupported server),
 * so it throws rather than being read as "nothing".
 */

export interface RawStreamEntry {
  id: string;
  fields: Record<string, string>;
}

export interface GroupInfo {
  name: string;
  pending: number;
  lastDeliveredId: string;
  /** Entries not yet delivered to the group; null when Redis cannot tell (after XDEL, or before Redis 7). */
  lag: number | null;
}

function list(reply: unknown, what: string): unknown[] {
  if (!Array.isArray(reply)) throw new Error(`unexpected Redis reply for ${what}: ${JSON.stringify(reply)}`);
  return reply;
}

function text(reply: unknown, what: string): string {
  if (typeof reply === 'string') return reply;
  if (typeof reply === 'number') return String(reply);
  throw new Error(`unexpected Redis reply for ${what}: ${JSON.stringify(reply)}`);
}

/** [[id, [field, value, ...]], ...]; an entry whose fields are nil was deleted and is skipped. */
export function streamEntries(reply: unknown): RawStreamEntry[] {
  const entries: RawStreamEntry[] = [];
  for (const item of list(reply, 'stream entries')) {
    const [id, flatFields] = list(item, 'stream entry');
    if (flatFields === null) continue;
    const values = list(flatFields, 'stream entry fields');
    const fields: Record<string, string> = {};
    for (let i = 0; i + 1 < values.length; i += 2) fields[text(values[i], 'field name')] = text(values[i + 1], 'field value');
    entries.push({ id: text(id, 'entry id'), fields });
  }
  return entries;
}

/** XREADGROUP on one stream: nil when nothing came, else [[stream, entries]]. */
export function readGroupEntries(reply: unknown): RawStreamEntry[] {
  if (reply === null) return [];
  const [streamReply] = list(reply, 'XREADGROUP');
  if (streamReply === undefined) return [];
  const [, entries] = list(streamReply, 'XREADGROUP stream');
  return streamEntries(entries);
}

/** XAUTOCLAIM: [next cursor, entries, ids deleted meanwhile (Redis 7)]. */
export function autoClaimPage(reply: unknown): { cursor: string; entries: RawStreamEntry[] } {
  const [cursor, entries] = list(reply, 'XAUTOCLAIM');
  return { cursor: text(cursor, 'XAUTOCLAIM cursor'), entries: streamEntries(entries) };
}

/** XPENDING key group id id 1: [[id, consumer, idle ms, deliveries]], or [] once acked. */
export function pendingDeliveries(reply: unknown): number | null {
  const [row] = list(reply, 'XPENDING');
  if (row === undefined) return null;
  const [, , , deliveries] = list(row, 'XPENDING row');
  return Number(text(deliveries, 'XPENDING deliveries'));
}

/** XINFO GROUPS: one flat [name, value, ...] list per group. */
export function groupInfos(reply: unknown): GroupInfo[] {
  return list(reply, 'XINFO GROUPS').map((group) => {
    const flat = list(group, 'XINFO GROUPS entry');
    const fields = new Map<string, unknown>();
    for (let i = 0; i + 1 < flat.length; i += 2) fields.set(text(flat[i], 'XINFO field'), flat[i + 1]);
    const lag = fields.get('lag');
    return {
      name: text(fields.get('name'), 'group name'),
      pending: Number(text(fields.get('pending'), 'group pending')),
      lastDeliveredId: text(fields.get('last-delivered-id'), 'group last-delivered-id'),
      lag: lag === undefined || lag === null ? null : Number(text(lag, 'group lag')),
    };
  });
}
