/**
 * What only the Redis adapter has to get right: surviving a Redis restart, and backlog when
 * Redis cannot report a group's lag.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { REDIS_URL, redisReachable, requireService } from '../../../test-support/services.js';
import { RedisBroker } from '../redis.js';

const redisUp = await requireService('redis-server', redisReachable(), 'start redis-server');

describe.runIf(redisUp)('RedisBroker', () => {
  describe('backlog when XINFO GROUPS reports no lag', () => {
    const prefix = `test:${crypto.randomUUID()}:`;
    const broker = new RedisBroker({ url: REDIS_URL, prefix });
    const raw = new Redis(REDIS_URL);
    afterAll(async () => {
      await broker.close();
      const keys = await raw.keys(`${prefix}*`);
      if (keys.length > 0) await raw.del(...keys);
      await raw.quit();
    });

    it('counts the entries after the last delivered one instead', async () => {
      await broker.ensureGroup('queue', 'dispatch');
      const ids = [];
      for (let i = 0; i < 5; i++) ids.push(await broker.enqueue('queue', { n: String(i) }));
      await broker.read('queue', 'dispatch', 'hub-1', { count: 1, blockMs: 0 });
      // Deleting an entry the group has not reached yet leaves Redis unable to tell the lag.
      await raw.xdel(`${prefix}queue`, ids[2]!);
      const info = (await raw.call('XINFO', 'GROUPS', `${prefix}queue`)) as unknown[][];
      expect(info[0]![info[0]!.indexOf('lag') + 1]).toBeNull();

      expect(await broker.backlog('queue', 'dispatch')).toBe(1 + 3);
    });
  });

  describe('a Redis restart', () => {
    let server: ChildProcess | null = null;
    let broker: RedisBroker | null = null;
    afterEach(async () => {
      await broker?.close();
      await stopRedis(server);
    });

    it('resumes pub/sub and blocking reads without unhandled errors', async () => {
      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown) => unhandled.push(reason);
      process.on('unhandledRejection', onUnhandled);
      let reading = true;
      let readLoop: Promise<void> = Promise.resolve();
      try {
        const port = await freePort();
        const url = `redis://127.0.0.1:${port}`;
        server = await startRedis(port);
        const reported: unknown[] = [];
        const restarting = new RedisBroker({ url, prefix: 'restart:', onError: (error) => reported.push(error) });
        broker = restarting;

        const messages: string[] = [];
        await restarting.subscribe('system_events', (message) => messages.push(message));
        await restarting.ensureGroup('task_queue:any', 'dispatch');

        // A dispatcher's loop: it should never see an error, only entries or empty reads.
        const read: string[] = [];
        const readErrors: unknown[] = [];
        readLoop = (async () => {
          while (reading) {
            try {
              const entries = await restarting.read('task_queue:any', 'dispatch', 'hub-1', { count: 10, blockMs: 300 });
              read.push(...entries.map((entry) => entry.fields.taskId!));
              if (entries.length > 0) await restarting.ack('task_queue:any', 'dispatch', entries.map((entry) => entry.id));
            } catch (error) {
              readErrors.push(error);
              return;
            }
          }
        })();

        await restarting.publish('system_events', 'before');
        await restarting.enqueue('task_queue:any', { taskId: 'before' });
        await vi.waitFor(() => expect([messages, read]).toEqual([['before'], ['before']]), { timeout: 5000, interval: 20 });

        await stopRedis(server);
        // Hold the restart until the broker has noticed the outage and failed to reconnect.
        await vi.waitFor(() => expect(restarting.ping()).rejects.toThrow(/unreachable/), { timeout: 5000, interval: 20 });
        await vi.waitFor(() => expect(reported).not.toEqual([]), { timeout: 5000, interval: 20 });
        // While Redis is away a blocking read keeps to its time and ends empty.
        const readDuringOutage = Date.now();
        expect(await restarting.read('task_queue:any', 'dispatch', 'hub-2', { count: 1, blockMs: 300 })).toEqual([]);
        expect(Date.now() - readDuringOutage).toBeLessThan(1500);
        server = await startRedis(port);

        // Redis lost everything (no persistence); the stream and its group come back through
        // the adapter, the subscription through ioredis's resubscribe. A message published
        // before the subscriber is back is lost, as pub/sub allows, so keep publishing.
        await restarting.enqueue('task_queue:any', { taskId: 'after' });
        await vi.waitFor(
          async () => {
            await restarting.publish('system_events', 'after');
            expect(messages).toContain('after');
          },
          { timeout: 20_000, interval: 200 },
        );
        await vi.waitFor(() => expect(read).toEqual(['before', 'after']), { timeout: 20_000, interval: 50 });
        expect(readErrors).toEqual([]);
        expect(unhandled).toEqual([]);
      } finally {
        reading = false;
        await readLoop;
        process.off('unhandledRejection', onUnhandled);
      }
    });
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function startRedis(port: number): Promise<ChildProcess> {
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const failedToStart = once(server, 'error').then(([error]) => Promise.reject(error as Error));
  const ready = vi.waitFor(async () => expect(await redisReachable(`redis://127.0.0.1:${port}`, 200)).toBe(true), {
    timeout: 10_000,
    interval: 50,
  });
  await Promise.race([ready, failedToStart]);
  return server;
}

/** kill -9: Redis gets no chance to say goodbye to its clients. */
async function stopRedis(server: ChildProcess | null): Promise<void> {
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  const exited = once(server, 'exit');
  server.kill('SIGKILL');
  await exited;
}
