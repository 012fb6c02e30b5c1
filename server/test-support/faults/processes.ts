/**
 * The outside processes the fault suite kills and restarts: hubs (hub-main.ts) and
 * redis-server, each on a fixed port so clients find them again after a restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { redisReachable } from '../services.js';
import { waitFor } from '../wait.js';

const HUB_ENTRY = fileURLToPath(new URL('./hub-main.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** A child process that can be SIGKILLed and started again with the same command. */
abstract class Restartable {
  protected child: ChildProcess | null = null;
  /** Exits nobody asked for (crashes), counted for the report. */
  crashes = 0;

  get pid(): number | undefined {
    return this.child?.pid;
  }

  running(): boolean {
    return this.child !== null;
  }

  protected abstract launch(): Promise<void>;

  async start(): Promise<void> {
    if (this.child) throw new Error('already running');
    await this.launch();
  }

  kill(): Promise<void> {
    return this.exit('SIGKILL');
  }

  stop(): Promise<void> {
    return this.exit('SIGTERM');
  }

  /** Start again if the process died by itself; true when it had. */
  async reviveIfCrashed(): Promise<boolean> {
    const p = this.child;
    if (!p || (p.exitCode === null && p.signalCode === null)) return false;
    this.crashes++;
    this.child = null;
    await this.launch();
    return true;
  }

  private exit(signal: NodeJS.Signals): Promise<void> {
    const p = this.child;
    this.child = null;
    if (!p || p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => p.kill('SIGKILL'), 30_000);
      p.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      p.kill(signal);
    });
  }
}

export interface HubConfig {
  name: string;
  port: number;
  dataDir: string;
  env: Record<string, string>;
  /** Append the hub's log lines here. */
  logFile: string;
}

export class HubProcess extends Restartable {
  token = '';
  readonly url: string;
  private log: WriteStream;

  constructor(readonly config: HubConfig) {
    super();
    this.url = `http://127.0.0.1:${config.port}`;
    this.log = createWriteStream(config.logFile, { flags: 'a' });
  }

  protected launch(): Promise<void> {
    return new Promise((resolve, reject) => {
      const p = spawn(process.execPath, ['--import', TSX, HUB_ENTRY], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          HOST: '127.0.0.1',
          PORT: String(this.config.port),
          HIVE_DATA_DIR: this.config.dataDir,
          HIVE_ADMIN_PASSWORD: 'fault suite password',
          HIVE_WEB_DIST: `${this.config.dataDir}/no-web`,
          HIVE_LOG_LEVEL: 'warn',
          ...this.config.env,
        },
      });
      this.child = p;
      const timer = setTimeout(() => {
        p.kill('SIGKILL');
        reject(new Error(`hub ${this.config.name} did not start within 90 s (log: ${this.config.logFile})`));
      }, 90_000);
      p.stderr!.pipe(this.log, { end: false });
      p.once('exit', (code, signal) => {
        clearTimeout(timer);
        this.log.write(`--- hub ${this.config.name} exited (${code ?? signal})\n`);
        reject(new Error(`hub ${this.config.name} exited (${code ?? signal}) before it was ready (log: ${this.config.logFile})`));
      });
      const lines = createInterface({ input: p.stdout! });
      lines.on('line', (line) => {
        if (!line.startsWith('HIVE_HUB_READY ')) return this.log.write(`${line}\n`);
        clearTimeout(timer);
        this.token = (JSON.parse(line.slice('HIVE_HUB_READY '.length)) as { token: string }).token;
        resolve();
      });
    });
  }

  /** REST under /api/v1 with this hub's admin token; throws on a non-2xx answer or no answer. */
  async call<T>(method: string, path: string, body?: unknown, timeoutMs = 10_000): Promise<T> {
    const res = await fetch(`${this.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    if (!res.ok) throw new HttpError(res.status, `${method} ${path}: HTTP ${res.status} ${text.slice(0, 200)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  close(): void {
    this.log.end();
  }
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** redis-server without persistence: a restart loses every stream, group and key. */
export class RedisProcess extends Restartable {
  readonly url: string;

  constructor(readonly port: number) {
    super();
    this.url = `redis://127.0.0.1:${port}`;
  }

  protected async launch(): Promise<void> {
    const p = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    this.child = p;
    p.once('exit', () => {
      if (this.child === p) this.child = null;
    });
    await waitFor('redis-server to answer', () => redisReachable(this.url), 10_000, 50);
  }
}
