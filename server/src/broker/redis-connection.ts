/**
 * How the Redis adapter opens, watches and closes its ioredis connections, and how it tells a
 * lost connection from an error Redis itself replied with.
 */
import { Redis, ReplyError, type RedisOptions } from 'ioredis';
import type { BrokerErrorReporter } from './errors.js';

export type ConnectionRole = 'commands' | 'subscriber' | 'blocking reads';

const BASE_OPTIONS: RedisOptions = {
  // RESP2 keeps reply shapes fixed: ioredis 6 speaks RESP3 by default, where XREADGROUP's map
  // reply arrives flattened differently from RESP2's and from older servers'.
  protocol: 2,
  // Reconnect quickly after a Redis restart; ioredis's default backs off to 5 s.
  retryStrategy: (attempt) => Math.min(100 * attempt, 2000),
};

/**
 * Blocking reads get their own connections (a BLOCK holds a connection until it returns). They
 * fail fast when the connection drops instead of being replayed after the reconnect, because a
 * replayed XREADGROUP would block for its whole time again; the read loop retries within its
 * own deadline instead.
 */
const BLOCKING_OPTIONS: RedisOptions = {
  maxRetriesPerRequest: 0,
  autoResendUnfulfilledCommands: false,
};

export function openConnection(url: string, role: ConnectionRole, reportError: BrokerErrorReporter): Redis {
  const options = role === 'blocking reads' ? { ...BASE_OPTIONS, ...BLOCKING_OPTIONS } : BASE_OPTIONS;
  const connection = new Redis(url, { ...options, connectionName: `hive-${role.replace(' ', '-')}` });
  watchConnection(connection, role, reportError);
  return connection;
}

/**
 * Report the first error of each outage once, not every failed reconnect attempt. Without any
 * 'error' listener ioredis would print every one of them itself.
 */
function watchConnection(connection: Redis, role: ConnectionRole, reportError: BrokerErrorReporter): void {
  let reportedThisOutage = false;
  connection.on('ready', () => {
    reportedThisOutage = false;
  });
  connection.on('error', (error: unknown) => {
    if (reportedThisOutage) return;
    reportedThisOutage = true;
    reportError(error, `redis ${role} connection`);
  });
}

/** An error Redis replied with (NOGROUP, WRONGTYPE...), as opposed to a lost or closed connection. */
export function isReplyError(error: unknown, code?: string): error is Error {
  if (!(error instanceof ReplyError)) return false;
  return code === undefined || (error as Error).message.startsWith(`${code} `);
}

/** QUIT when connected so replies in flight arrive; otherwise drop the socket and stop reconnecting. */
export async function closeConnection(connection: Redis): Promise<void> {
  if (connection.status === 'end') return;
  if (connection.status !== 'ready') {
    connection.disconnect();
    return;
  }
  try {
    await connection.quit();
  } catch {
    connection.disconnect();
  }
}
