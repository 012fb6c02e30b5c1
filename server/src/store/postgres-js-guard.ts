/**
 * postgres.js 3.4.9 can throw from a setImmediate after a connection closed under it: a small
 * write is deferred, the server goes away (restart, crash), `closed()` nulls the socket and
 * rejects the connection's queries with CONNECTION_CLOSED, then the deferred write runs
 * `socket.write` on null — an uncaught TypeError that kills the hub on a mere Postgres restart
 * (porsager/postgres#1066, #1154, #1208; guards proposed in #1168, #1176, #1209, unreleased).
 * The queries involved were already rejected, so that one exception is logged and survived.
 * Everything else keeps Node's default: printed, exit code 1. Install it only in a process's
 * entry point (it replaces the default uncaught-exception handling).
 */
export function isPostgresJsDeferredWriteOnClosedSocket(err: unknown): boolean {
  return (
    err instanceof TypeError &&
    err.message.includes("reading 'write'") &&
    /\bnextWrite\b/.test(err.stack ?? '') &&
    /[\\/]postgres[\\/]src[\\/]connection\.js/.test(err.stack ?? '')
  );
}

export function surviveClosedPostgresJsWrites(log: (msg: string) => void): void {
  process.on('uncaughtException', (err, origin) => {
    if (isPostgresJsDeferredWriteOnClosedSocket(err)) {
      log('postgres.js wrote to a connection that had closed (the database went away); its queries were rejected, carrying on');
      return;
    }
    // Which of the two it was tells where to look: a throw, or a promise nobody awaited.
    console.error(origin === 'unhandledRejection' ? 'unhandled rejection:' : 'uncaught exception:', err);
    process.exit(1);
  });
}
