/**
 * A standalone Postgres server for tests that must kill and restart "the database": PGlite
 * with pgvector on a data directory, served over the wire protocol to several connections.
 * kill -9 of this process and a start on the same directory is a Postgres crash and restart.
 *
 *   tsx server/test-support/pg-server/main.ts --data-dir <dir> [--port 0] [--host 127.0.0.1]
 *
 * Prints one JSON line `{"listening":<port>,"url":...}` on stdout once it accepts connections.
 */
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { servePglite } from './server.js';

const { values } = parseArgs({
  options: { 'data-dir': { type: 'string' }, port: { type: 'string', default: '0' }, host: { type: 'string', default: '127.0.0.1' } },
});
const dataDir = values['data-dir'];
if (!dataDir) {
  console.error('pg-server: --data-dir is required');
  process.exit(2);
}
mkdirSync(dataDir, { recursive: true });
const db = await PGlite.create(dataDir, { extensions: { vector } });
const server = await servePglite(db, { port: Number(values.port), host: values.host });
console.log(JSON.stringify({ listening: server.port, url: server.url }));

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.close();
  await db.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
