/**
 * The postgres.js adapter against a Postgres server (pg-server in its own process) killed -9
 * while the pool opens new connections: the queries fail, the process lives. With postgres.js'
 * default `fetch_types`, each new connection's internal type query lost its promise and the
 * server going away under it was an unhandled rejection that killed the hub (seen in the fault
 * suite). Also: array parameters, which that setting changes, mean the same on both drivers.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgServer, type PgServerProcess } from '../../../test-support/pg-server/process.js';
import { openPglite } from '../pglite.js';
import { openPostgres } from '../postgres.js';
import type { StoreAdapter } from '../store.js';
import { arrayLiteral } from '../repos/array-literal.js';

describe('a Postgres server killed while connections open', () => {
  let dir: string;
  let server: PgServerProcess;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hive-pg-restart-'));
    server = await startPgServer({ dataDir: join(dir, 'pgdata') });
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('fails the queries in flight and leaves no rejection unhandled', { timeout: 120_000 }, async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      for (let round = 0; round < 4; round++) {
        // A fresh pool each round: ten connections start at once, and the server dies mid-way.
        const adapter = openPostgres(server.url, { max: 10 });
        const work = Array.from({ length: 10 }, () => adapter.db.execute(sql`select 1 as one`).then(() => 'ok', () => 'failed'));
        await sleep(round * 4);
        await server.kill();
        const outcomes = await Promise.all(work);
        await server.start();
        // The pool recovers once the server is back.
        expect(await adapter.db.execute(sql`select 2 as two`)).toHaveLength(1);
        await adapter.close();
        expect(outcomes).toHaveLength(10);
      }
      await sleep(200);
      expect(unhandled.map(String)).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('array parameters', () => {
  const values = ['plain', 'with "quotes"', 'back\\slash', 'a,b', '{braces}', '', 'NULL', null];
  // Rows of scalars: both drivers return them alike (postgres.js would not parse a text[] without fetch_types).
  const elements = async (adapter: StoreAdapter) => {
    const result = (await adapter.db.execute(
      sql`select (${arrayLiteral(values)}::text[])[i] as v from generate_series(1, ${values.length}::int) as i order by i`,
    )) as unknown as Array<{ v: string | null }> | { rows: Array<{ v: string | null }> };
    return (Array.isArray(result) ? result : result.rows).map((r) => r.v);
  };

  it('an array literal reads back element by element on PGlite: quotes, backslashes, commas, braces and nulls included', async () => {
    const adapter = await openPglite('memory');
    try {
      expect(await elements(adapter)).toEqual(values);
    } finally {
      await adapter.close();
    }
  });

  it('and the same through postgres.js on a Postgres server', async () => {
    const server = await startPgServer({ dataDir: await mkdtemp(join(tmpdir(), 'hive-pg-arrays-')) });
    const adapter = openPostgres(server.url, { max: 1 });
    try {
      expect(await elements(adapter)).toEqual(values);
    } finally {
      await adapter.close();
      await server.stop();
    }
  });
});
