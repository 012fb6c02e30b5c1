/**
 * Outside services for integration tests. A test whose service is missing is skipped with
 * the reason printed; under CI=true a missing service fails the run instead (DESIGN §7).
 */
import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { connect } from 'node:net';

export const inCi = (): boolean => process.env.CI === 'true';

export const REDIS_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';
export const DOCKER_SOCKET = process.env.DOCKER_TEST_SOCKET ?? '/var/run/docker.sock';

/** Send a RESP PING and expect +PONG. */
export function redisReachable(url = REDIS_URL, timeoutMs = 1000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

/** Whether a program runs here (`<command> --version` exits 0), for tests that start their own. */
export async function commandInstalled(command: string): Promise<boolean> {
  return spawnSync(command, ['--version'], { stdio: 'ignore', timeout: 5000 }).status === 0;
}

/** GET /_ping on the Docker Engine socket. */
export function dockerReachable(socketPath = DOCKER_SOCKET, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/_ping', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

/**
 * Resolve whether a suite can run. Returns true to run; prints the reason and returns false
 * to skip; throws under CI so a missing service can never pass by skipping.
 */
export async function requireService(name: string, available: Promise<boolean>, hint: string): Promise<boolean> {
  if (await available) return true;
  const reason = `${name} is not reachable (${hint})`;
  if (inCi()) throw new Error(`CI=true and ${reason}`);
  console.warn(`skipping: ${reason}`);
  return false;
}
