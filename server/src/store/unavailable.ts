/**
 * Whether an error means the database cannot be reached right now (down, restarting, the
 * connection dropped) rather than that the request was wrong: such requests are answered 503
 * so clients retry, instead of a 500 that reads like a bug.
 */
const CONNECTION_CODES = new Set([
  // postgres.js
  'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT',
  // Node sockets
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH',
]);

export function isStoreUnavailable(err: unknown): boolean {
  // drizzle wraps driver errors (DrizzleQueryError); the driver's is the cause.
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    // SQLSTATE class 08 (connection exception) and 57P01-57P03 (shutdown, cannot connect now).
    if (CONNECTION_CODES.has(code) || code.startsWith('08') || /^57P0[1-3]$/.test(code)) return true;
  }
  return false;
}
