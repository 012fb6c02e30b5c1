/**
 * The pg-server front: several postgres.js connections share one PGlite backend without their
 * extended-protocol runs or transactions mixing, a client that vanishes mid-transaction is
 * rolled back, and kill -9 + restart on the same data directory keeps what was committed.
 */
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../wait.js';
import { startPgServer } from './process.js';
import { servePglite } from './server.js';
import { simpleQuery } from './wire.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => {});
});

async function inProcess() {
  const db = await PGlite.create();
  const server = await servePglite(db);
  cleanups.push(() => db.close(), () => server.close());
  return server;
}

function client(url: string, max = 4) {
  const sql = postgres(url, { max, onnotice: () => {}, connect_timeout: 5 });
  cleanups.push(() => sql.end({ timeout: 1 }));
  return sql;
}

describe('pg-server', { timeout: 90_000 }, () => {
  it('keeps transactions of concurrent connections apart (read-modify-write counts exactly)', async () => {
    const server = await inProcess();
    const [a, b] = [client(server.url), client(server.url)];
    await a`create table counter (id int primary key, n int not null)`;
    await a`insert into counter values (1, 0)`;
    // Each transaction reads, yields to the event loop, then writes what it read + 1: if another
    // connection's statements ran inside it, increments would be lost.
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        (i % 2 ? a : b).begin(async (tx) => {
          const [row] = await tx<{ n: number }[]>`select n from counter where id = 1`;
          await new Promise((r) => setTimeout(r, 1));
          await tx`update counter set n = ${row!.n + 1} where id = 1`;
        }),
      ),
    );
    expect((await a<{ n: number }[]>`select n from counter`)[0]!.n).toBe(60);
    expect(server.connections()).toBeGreaterThan(2);
  });

  it('answers interleaved prepared statements from many connections with their own rows', async () => {
    const server = await inProcess();
    const sqls = [client(server.url), client(server.url), client(server.url)];
    await sqls[0]!`create table item (id int primary key, label text not null)`;
    await sqls[0]!`insert into item select g, 'label-' || g from generate_series(1, 200) g`;
    const answers = await Promise.all(
      Array.from({ length: 300 }, async (_, i) => {
        const id = (i % 200) + 1;
        const [row] = await sqls[i % 3]!<{ label: string }[]>`select label from item where id = ${id}`;
        return row!.label === `label-${id}`;
      }),
    );
    expect(answers.every(Boolean)).toBe(true);
  });

  it('rolls back the transaction of a connection that disappears and serves the others', async () => {
    const server = await inProcess();
    const sql = client(server.url);
    await sql`create table t (v text)`;
    // A raw connection opens a transaction, writes, and is destroyed without committing.
    const raw = connect(server.port, '127.0.0.1');
    await new Promise((r) => raw.once('connect', r));
    const startup = Buffer.alloc(8 + 'user\0postgres\0database\0postgres\0\0'.length);
    startup.writeInt32BE(startup.length, 0);
    startup.writeInt32BE(196608, 4);
    startup.write('user\0postgres\0database\0postgres\0\0', 8);
    raw.write(startup);
    raw.write(simpleQuery("begin; insert into t values ('uncommitted')"));
    await waitFor('the raw transaction to be open', async () => server.connections() >= 2);
    await new Promise((r) => setTimeout(r, 200));
    raw.destroy();
    // Without the rollback this would wait for the dead connection's turn forever.
    await sql`insert into t values ('committed')`;
    expect((await sql<{ v: string }[]>`select v from t`).map((r) => r.v)).toEqual(['committed']);
  });

  it('kill -9 and a restart on the same data directory keep committed data; clients reconnect', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'hive-pgserver-')), 'pgdata');
    const pg = await startPgServer({ dataDir });
    cleanups.push(() => pg.stop());
    const sql = client(pg.url, 2);
    await sql`create table kept (n int)`;
    await sql`insert into kept select generate_series(1, 100)`;
    await pg.kill();
    await expect(sql`select 1`).rejects.toThrow();
    await pg.start();
    const [row] = await waitFor('the restarted server to answer', async () => sql<{ count: number }[]>`select count(*)::int as count from kept`);
    expect(row!.count).toBe(100);
  });
});
