/**
 * Runs the pg-server (main.ts) as its own OS process so a test can kill -9 it and start it again
 * on the same data directory and port — to clients, a Postgres server crashing and coming back.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ENTRY = fileURLToPath(new URL('./main.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface PgServerProcess {
  readonly url: string;
  readonly port: number;
  readonly pid: number | undefined;
  running(): boolean;
  /** SIGKILL and wait for the exit: nothing is flushed or rolled back gracefully. */
  kill(): Promise<void>;
  /** Start again on the same data directory and port (after kill or stop). */
  start(): Promise<void>;
  /** SIGTERM and wait. Safe to call twice. */
  stop(): Promise<void>;
}

export async function startPgServer(options: { dataDir: string; port?: number; startTimeoutMs?: number }): Promise<PgServerProcess> {
  let port = options.port ?? 0;
  let child: ChildProcess | null = null;
  let stderr = '';

  const launch = () =>
    new Promise<void>((resolve, reject) => {
      stderr = '';
      const p = spawn(process.execPath, ['--import', TSX, ENTRY, '--data-dir', options.dataDir, '--port', String(port)], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = p;
      const timer = setTimeout(() => {
        p.kill('SIGKILL');
        reject(new Error(`pg-server did not start within ${options.startTimeoutMs ?? 60_000} ms: ${stderr}`));
      }, options.startTimeoutMs ?? 60_000);
      p.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
      p.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`pg-server exited (${code}) before listening: ${stderr}`));
      });
      createInterface({ input: p.stdout! }).once('line', (line) => {
        clearTimeout(timer);
        try {
          port = (JSON.parse(line) as { listening: number }).listening;
          resolve();
        } catch {
          reject(new Error(`pg-server printed ${line}`));
        }
      });
    });

  const waitExit = (signal: NodeJS.Signals) => {
    const p = child;
    child = null;
    if (!p || p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
    return new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill(signal);
    });
  };

  await launch();
  return {
    get url() {
      return `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
    },
    get port() {
      return port;
    },
    get pid() {
      return (child as ChildProcess | null)?.pid;
    },
    running: () => child !== null,
    kill: () => waitExit('SIGKILL'),
    async start() {
      if (child) throw new Error('pg-server is already running');
      await launch();
    },
    stop: () => waitExit('SIGTERM'),
  };
}
