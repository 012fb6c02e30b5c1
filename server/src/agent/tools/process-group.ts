/**
 * Runs a shell command in its own process group, so that on timeout or abort the whole
 * tree (the shell, `npm`, the test runner it started, …) can be killed with one signal.
 * Killing only the shell would leave its children running, holding the output pipes open
 * and the CPU busy, long after the tool call "ended".
 */
import { spawn } from 'node:child_process';
import { TailBuffer } from './output-limits.js';

export interface CommandRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  aborted: boolean;
  /** Last part of stdout and stderr, interleaved as they arrived. */
  output: string;
}

export interface CommandOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Between SIGTERM and SIGKILL, for processes that clean up on SIGTERM. */
  killGraceMs?: number;
}

export function runInProcessGroup(command: string, options: CommandOptions): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    // detached: the child calls setsid(), becoming leader of a new process group (pgid = pid).
    const child = spawn('/bin/sh', ['-c', command], { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = new TailBuffer();
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));

    let timedOut = false;
    let aborted = false;
    let killTimer: NodeJS.Timeout | undefined;
    const stop = () => {
      signalGroup(child.pid, 'SIGTERM');
      killTimer ??= setTimeout(() => signalGroup(child.pid, 'SIGKILL'), options.killGraceMs ?? 2_000);
    };
    const timeout = setTimeout(() => {
      timedOut = true;
      stop();
    }, options.timeoutMs);
    const onAbort = () => {
      aborted = true;
      stop();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) onAbort();

    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      // Background jobs (`server &`) do not outlive the command: they would hold the output
      // pipes open (so 'close' never comes) and run on unsupervised.
      signalGroup(child.pid, 'SIGKILL');
    });
    child.on('error', (error) => {
      cleanUp();
      reject(error);
    });
    child.on('close', () => {
      cleanUp();
      resolve({ exitCode: exit?.code ?? null, signal: exit?.signal ?? null, timedOut, aborted, output: output.toString() });
    });

    function cleanUp() {
      clearTimeout(timeout);
      clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
    }
  });
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}
