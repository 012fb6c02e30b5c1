/**
 * Child-process entry of a benchmarked hub: one real hub (createTestApp: HTTP, Socket.IO,
 * dispatcher, runtime driver) configured by the JSON in argv[2], and optionally a bare Hono
 * handler beside it as the REST ceiling. The hub gets a process of its own so the load
 * generators in bench/run.ts never share its event loop, and its CPU and memory can be read
 * from /proc. Prints one `HIVE_BENCH_READY <json>` line; stops (agents too) on SIGTERM or
 * when stdin closes.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createTestApp } from '../../server/test-support/app.js';
import type { HubProcessConfig, HubReady } from './hub-process.js';

const config = JSON.parse(process.argv[2] ?? '{}') as HubProcessConfig;

const t = await createTestApp(config.store, {
  reachableHub: true,
  env: config.env,
  brokerPrefix: `bench:${crypto.randomUUID()}:`,
  // The product's default heartbeat, not the 1 s the tests use: heartbeats are part of the load.
  workerEnv: { HIVE_HEARTBEAT_MS: String(config.heartbeatMs ?? 5000) },
  ...(config.uiBatchMs !== undefined && { uiBatchMs: config.uiBatchMs }),
  ...(config.dispatchPollMs !== undefined && { dispatchPollMs: config.dispatchPollMs }),
});

let bareUrl: string | undefined;
let closeBare = () => {};
if (config.bare) {
  // The same JSON a list route answers with when empty, and nothing else: the ceiling.
  const bare = new Hono().get('/agents', (c) => c.json({ items: [], total: 0, limit: 20, offset: 0 }));
  await new Promise<void>((resolve) => {
    const server = serve({ fetch: bare.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      bareUrl = `http://127.0.0.1:${info.port}`;
      resolve();
    });
    closeBare = () => server.close();
  });
}

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  closeBare();
  await t.close().catch((err: Error) => console.error(`closing the hub: ${err.message}`));
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.stdin.on('end', () => void stop());
process.stdin.resume();

const ready: HubReady = { url: t.hub.url, bareUrl, tokens: t.tokens, pid: process.pid, dataDir: t.dataDir };
console.log(`HIVE_BENCH_READY ${JSON.stringify(ready)}`);
