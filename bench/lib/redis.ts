/** A private redis-server on a free loopback port for one run (none is assumed to be running). */
import { spawn, spawnSync } from 'node:child_process';
import { freePort } from '../../server/test-support/free-port.js';
import { redisReachable } from '../../server/test-support/services.js';
import { waitFor } from '../../server/test-support/wait.js';

export interface RedisHandle {
  url: string;
  stop(): Promise<void>;
}

export function redisInstalled(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

export async function startRedis(): Promise<RedisHandle> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  await waitFor('redis-server to answer', () => redisReachable(url), 10_000, 50);
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
