/**
 * Starts a real hub in a child process (bench/lib/hub-main.ts) and talks to it over loopback
 * like any client would: REST with a bearer token, Socket.IO, and /proc for its CPU and memory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Role } from '../../shared/index.js';

export interface HubProcessConfig {
  store: 'pglite' | 'postgres';
  /** Hub environment on top of the test defaults (REDIS_URL, HIVE_RUNTIME, HIVE_WARM_POOL …). */
  env?: Record<string, string>;
  /** Also serve a bare Hono handler (the REST ceiling) from the same process. */
  bare?: boolean;
  heartbeatMs?: number;
  uiBatchMs?: number;
  dispatchPollMs?: number;
}

export interface HubReady {
  url: string;
  bareUrl?: string;
  tokens: Record<Role, string>;
  pid: number;
  dataDir: string;
}

export interface ProcessUsage {
  rssMiB: number;
  /** user + system CPU seconds since the process started. */
  cpuSeconds: number;
}

export interface HubHandle extends HubReady {
  /** REST call under /api/v1 as a role (operator by default); throws on a non-2xx answer. */
  call<T = unknown>(method: string, path: string, body?: unknown, role?: Role): Promise<T>;
  usage(): ProcessUsage;
  stop(): Promise<void>;
}

const ENTRY = fileURLToPath(new URL('./hub-main.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const CLK_TCK = 100; // Linux USER_HZ; /proc reports CPU time in these ticks.

/** RSS and CPU time of a process from /proc (Linux). */
export function processUsage(pid: number): ProcessUsage {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at ") ".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    return { rssMiB: Math.round(rssKb / 1024), cpuSeconds };
  } catch {
    return { rssMiB: Number.NaN, cpuSeconds: Number.NaN };
  }
}

export async function startHubProcess(config: HubProcessConfig, timeoutMs = 120_000): Promise<HubHandle> {
  // BENCH_HUB_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the hub (see bench/tools/cpuprofile-top.ts).
  const nodeArgs = (process.env.BENCH_HUB_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', TSX, ENTRY, JSON.stringify(config)], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, HIVE_LOG_LEVEL: 'warn' },
  });
  const ready = await new Promise<HubReady>((resolve, reject) => {
    let out = '';
    let err = '';
    const onExit = (code: number | null) => fail(new Error(`the hub exited with code ${code} before it was ready`));
    const timer = setTimeout(() => fail(new Error(`the hub did not start within ${timeoutMs} ms`)), timeoutMs);
    const fail = (e: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${e.message}\n${err.slice(-2000)}`));
    };
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('HIVE_BENCH_READY '));
      if (line) {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve(JSON.parse(line.slice('HIVE_BENCH_READY '.length)) as HubReady);
      }
    });
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.length > 20_000) err = err.slice(-10_000);
    });
    child.once('exit', onExit);
  });
  // Keep draining its output so a chatty hub never blocks on a full pipe.
  child.stdout!.resume();
  child.stderr!.resume();
  return handle(child, ready);
}

function handle(child: ChildProcess, ready: HubReady): HubHandle {
  return {
    ...ready,
    async call<T>(method: string, path: string, body?: unknown, role: Role = 'operator'): Promise<T> {
      const res = await fetch(`${ready.url}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${ready.tokens[role]}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
      return (text ? JSON.parse(text) : undefined) as T;
    },
    usage: () => processUsage(ready.pid),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
