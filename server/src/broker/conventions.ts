/** What both adapters agree on beyond the port's signatures: reserved names and retention. */

/** The key a lock lives under (port.ts: `locks:{name}`). */
export const lockKey = (name: string): string => `locks:${name}`;

/** The key a rate-limit window lives under (port.ts: `rate_limit:{key}`). */
export const rateLimitKey = (key: string): string => `rate_limit:${key}`;

/**
 * Streams are a transport, not an archive (Postgres holds every task): each stream keeps about
 * this many entries, the oldest trimmed first, like Redis's `XADD ... MAXLEN ~`.
 */
export const STREAM_MAX_LENGTH = 100_000;
