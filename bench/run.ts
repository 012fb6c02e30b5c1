/**
 * `npm run bench`: REST read latency of the real hub (GET /api/v1/agents with a bearer token,
 * PGlite store) against a bare Hono handler as the ceiling, both over loopback HTTP in the same
 * run. Writes bench/results/<timestamp>.{md,json}. Later issues add scenarios here.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createTestApp } from '../server/test-support/app.js';

interface Stats {
  scenario: string;
  requests: number;
  concurrency: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
}

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function load(scenario: string, url: string, headers: Record<string, string>): Promise<Stats> {
  for (let i = 0; i < 200; i++) await (await fetch(url, { headers })).arrayBuffer(); // warm-up
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < REQUESTS) {
        const t0 = performance.now();
        const res = await fetch(url, { headers });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${scenario}: HTTP ${res.status}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 100) / 100;
  return {
    scenario,
    requests: latencies.length,
    concurrency: CONCURRENCY,
    rps: Math.round(latencies.length / elapsed),
    p50: r(percentile(latencies, 50)),
    p95: r(percentile(latencies, 95)),
    p99: r(percentile(latencies, 99)),
  };
}

function listen(fetchHandler: (req: Request) => Response | Promise<Response>): Promise<{ url: string; close: () => void }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: fetchHandler, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve({ url: `http://127.0.0.1:${info.port}`, close: () => server.close() }),
    );
  });
}

async function main(): Promise<void> {
  const t = await createTestApp('pglite');
  for (let i = 0; i < 50; i++) await t.call('POST', '/agents', { body: { name: `bench-${i}`, type: 'backend' } });
  const hub = await listen(t.app.fetch);
  const bare = await listen(new Hono().get('/agents', (c) => c.json({ items: [], total: 0 })).fetch);
  const auth = { authorization: `Bearer ${t.tokens.viewer}` };

  const results = [
    await load('bare Hono handler (ceiling)', `${bare.url}/agents`, {}),
    await load('hub GET /api/v1/agents?limit=20 (PGlite, token auth)', `${hub.url}/api/v1/agents?limit=20`, auth),
  ];
  hub.close();
  bare.close();
  await t.close();

  const ratio = results[0]!.p50 > 0 ? Math.round((results[1]!.p50 / results[0]!.p50) * 10) / 10 : 0;
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const table = [
    '| scenario | requests | concurrency | req/s | p50 ms | p95 ms | p99 ms |',
    '| --- | --: | --: | --: | --: | --: | --: |',
    ...results.map((s) => `| ${s.scenario} | ${s.requests} | ${s.concurrency} | ${s.rps} | ${s.p50} | ${s.p95} | ${s.p99} |`),
  ].join('\n');
  const md = `# Hive benchmark ${stamp}\n\nMachine: ${machine}\n\n## REST read latency\n\n${table}\n\nHub p50 / ceiling p50: ${ratio}×\n`;
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(`bench/results/${stamp}.md`, md);
  writeFileSync(`bench/results/${stamp}.json`, JSON.stringify({ machine, results }, null, 2));
  console.log(md);
}

main().catch((err: Error) => {
  console.error(err);
  process.exit(1);
});
