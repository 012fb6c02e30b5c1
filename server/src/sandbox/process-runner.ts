/**
 * The process sandbox, for machines without Docker: the check command as a restricted child
 * process. What it gets depends on the machine (probed once, see process-isolation.ts), and
 * `isolation` says exactly that. Never a read-only root: outside a container the command can
 * write wherever its uid may. On a root hub it runs as a uid of its own for the run, so it
 * owns nothing but the worktree (lent to it) and a private HOME, and its process count is its
 * own. Its environment is built from scratch: the hub's (database URL, API keys) never reaches it.
 */
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { chmod, chown, lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, unlink } from 'node:fs/promises';
import { constants, tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { checkRunInput, pathInWorktree, prepareMountPoints } from './input.js';
import { isUnder, mountScript } from './mount-script.js';
import { OutputTail } from './output-tail.js';
import { firstBlockingAncestor, lendWorktree } from './ownership.js';
import { SANDBOX_BASE_ENV, type SandboxLimits, type SandboxMount, type SandboxResult, type SandboxRunInput, type SandboxRunner } from './port.js';
import { probeProcessIsolation, setprivArgs, type ProcessIsolation } from './process-isolation.js';

export interface ProcessSandboxOptions {
  /** Root hubs only: run as this uid (and gid). Default: a fresh uid per run from SANDBOX_UID_BASE up. */
  uid?: number;
  /**
   * Paths the command must not see (the hub's data directory: its database files), covered by an
   * empty tmpfs in the mount namespace. Without one they stay visible, and `isolation` says so.
   */
  hiddenPaths?: string[];
  log?: (line: string) => void;
}

/** Per-run uids come from [base, base + 2^24): far above any account or subordinate-uid range. */
export const SANDBOX_UID_BASE = 1_900_000_000;
/** After the command ended, stragglers holding its pipes are given this long before the pipes are cut. */
const PIPE_DRAIN_MS = 2_000;
/**
 * One pipe for both streams, so stdout and stderr keep the order they were written in. Not
 * one `exec`: in a PID namespace the first process is its init, which ignores signals it has
 * no handler for, so the command runs as its child and gets signals like anywhere else. That
 * outer shell writes to /dev/null (its notes, like "Terminated", are not the command's output);
 * the middle one points 1 and 2 at the saved pipe (fd 3) and becomes the command's shell.
 */
const SHELL = ['/bin/sh', '-c', `exec 3>&1 >/dev/null 2>&1; /bin/sh -c 'exec >&3 2>&3 3>&-; exec /bin/sh -c "$1"' sh "$1"; exit $?`, 'sh'];

interface PlannedMount {
  mount: SandboxMount;
  target: string;
  how: 'bind' | 'link' | 'visible';
}

export class ProcessSandboxRunner implements SandboxRunner {
  readonly kind = 'process' as const;
  private probed: Promise<ProcessIsolation> | null = null;

  constructor(private readonly options: ProcessSandboxOptions = {}) {}

  /** What this machine allows, probed on first use. */
  isolation(): Promise<ProcessIsolation> {
    this.probed ??= probeProcessIsolation().then((iso) => {
      for (const note of iso.notes) this.options.log?.(`process sandbox: ${note}`);
      return iso;
    });
    return this.probed;
  }

  async run(input: SandboxRunInput): Promise<SandboxResult> {
    await checkRunInput(input);
    const iso = await this.isolation();
    const uid = iso.switchesUser ? (this.options.uid ?? SANDBOX_UID_BASE + randomInt(0, 2 ** 24)) : null;
    if (uid !== null) {
      const blocking = await firstBlockingAncestor(input.workdir, uid, uid);
      if (blocking) throw new Error(`sandbox: the sandbox user cannot reach ${input.workdir}: ${blocking} is not searchable by others (chmod o+x it or put the worktree elsewhere)`);
    }
    const planned = this.planMounts(input, iso);
    const removeMountPoints = await prepareMountPoints(
      input.workdir,
      planned.filter((p) => p.how === 'bind').map((p) => p.mount),
    );
    const links: string[] = [];
    const hidden = iso.mounts ? await this.hiddenPaths() : [];
    const home = await mkdtemp(join(tmpdir(), 'hive-sandbox-home-'));
    let stash: string | null = null;
    let giveBack = async (): Promise<void> => undefined;
    try {
      if (hidden.length > 0) {
        for (const path of hidden) if (isUnder(home, path)) throw new Error(`sandbox: cannot hide ${path}: the sandbox's HOME (${home}) is inside it`);
        stash = await mkdtemp(join(tmpdir(), 'hive-sandbox-stash-'));
        for (const name of ['w', ...planned.map((_, i) => String(i))]) await mkdir(join(stash, name));
      }
      for (const p of planned) {
        const exists = (await lstat(p.target).catch(() => null)) !== null;
        if (p.how === 'link' && exists) throw new Error(`sandbox: ${p.mount.sandboxPath} already exists in the worktree; without a mount namespace it cannot be covered by ${p.mount.hostPath}`);
        if (p.how === 'bind' && !exists) throw new Error(`sandbox: the mount point ${p.target} does not exist`);
        if (p.how === 'link') {
          await symlink(p.mount.hostPath, p.target);
          links.push(p.target);
        }
      }
      if (uid !== null) {
        giveBack = await lendWorktree(input.workdir, { uid, gid: uid });
        await chown(home, uid, uid);
      }
      await chmod(home, 0o700);
      const script = mountScript({
        workdir: input.workdir,
        readOnly: planned.filter((p) => p.how === 'bind').map((p) => ({ source: p.mount.hostPath, target: p.target })),
        hidden,
        stash,
      });
      const argv = this.argv(input, iso, uid, script);
      const env = sandboxEnv(home, input.env);
      const outcome = await this.spawnAndWait(argv, input.workdir, env, input.limits.timeoutMs, iso.pidns ? 'namespace' : { uid });
      return { runner: 'process', isolation: describe(iso, uid, input.limits, planned, iso.mounts ? hidden : (this.options.hiddenPaths ?? [])), ...outcome };
    } finally {
      await giveBack();
      for (const link of links) await unlink(link).catch(() => undefined);
      await removeMountPoints();
      await rm(home, { recursive: true, force: true });
      if (stash) await rm(stash, { recursive: true, force: true });
    }
  }

  /** The configured hidden paths that exist (a tmpfs needs a directory to cover). */
  private async hiddenPaths(): Promise<string[]> {
    const paths: string[] = [];
    for (const path of this.options.hiddenPaths ?? []) {
      if (!isAbsolute(path)) throw new Error(`sandbox: hidden path ${path} must be absolute`);
      if ((await stat(path).catch(() => null))?.isDirectory()) paths.push(resolve(path));
    }
    return paths;
  }

  /** Bind mounts when there is a mount namespace; otherwise a symlink inside the worktree, or nothing when the path is the same. */
  private planMounts(input: SandboxRunInput, iso: ProcessIsolation): PlannedMount[] {
    return (input.readOnlyMounts ?? []).map((mount) => {
      const rel = pathInWorktree(mount.sandboxPath);
      const target = rel === null ? mount.sandboxPath : join(input.workdir, rel);
      if (iso.mounts) return { mount, target, how: 'bind' };
      if (target === mount.hostPath) return { mount, target, how: 'visible' };
      if (rel !== null) return { mount, target, how: 'link' };
      throw new Error(`sandbox: the process sandbox cannot mount ${mount.hostPath} at ${mount.sandboxPath} here (no mount namespace); use a path under /workspace`);
    });
  }

  private argv(input: SandboxRunInput, iso: ProcessIsolation, uid: number | null, mountScript: string | null): string[] {
    const argv: string[] = [];
    if (iso.unshare.length > 0) argv.push('unshare', ...iso.unshare, '--');
    // Root of the mount namespace sets it up, then becomes the rest of the chain ("$@").
    if (mountScript) argv.push('/bin/sh', '-c', mountScript, 'hive-sandbox-mounts');
    if (iso.prlimit) argv.push('prlimit', ...prlimitArgs(input.limits, uid !== null), '--');
    if (iso.setpriv) argv.push('setpriv', ...setprivArgs(uid, iso.userns), '--');
    argv.push(...SHELL, input.command);
    return argv;
  }

  private spawnAndWait(
    argv: string[],
    cwd: string,
    env: Record<string, string>,
    timeoutMs: number,
    /** Who ends stragglers: the PID namespace, or the process group and (with a uid of the run's own) that uid. */
    reaper: 'namespace' | { uid: number | null },
  ): Promise<Omit<SandboxResult, 'runner' | 'isolation'>> {
    return new Promise((resolve, reject) => {
      const tail = new OutputTail();
      const started = performance.now();
      // Its own process group (detached), so the timeout can kill the whole group at once.
      const child = spawn(argv[0]!, argv.slice(1), { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', (chunk: Buffer) => tail.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => tail.push(chunk));
      let timedOut = false;
      const killGroup = () => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // Already gone.
        }
      };
      const timer = setTimeout(() => {
        timedOut = true;
        killGroup();
        if (reaper !== 'namespace' && reaper.uid !== null) void killProcessesOf(reaper.uid);
      }, timeoutMs);
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`sandbox: cannot start ${argv[0]}: ${err.message}`));
      });
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        const durationMs = Math.round(performance.now() - started);
        void (async () => {
          // Without a PID namespace, background processes outlive the shell: end them (same group, or same uid).
          if (reaper !== 'namespace') {
            killGroup();
            if (reaper.uid !== null) await killProcessesOf(reaper.uid);
          }
          const closed = new Promise<void>((done) => child.on('close', () => done()));
          await Promise.race([closed, new Promise((done) => setTimeout(done, PIPE_DRAIN_MS))]);
          child.stdout.destroy();
          child.stderr.destroy();
          const exitCode = timedOut ? null : (code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : null));
          resolve({
            exitCode,
            timedOut,
            output: tail.text(),
            outputBytes: tail.totalBytes,
            durationMs,
            ...(timedOut ? { signal: 'SIGKILL' } : signal ? { signal } : {}),
          });
        })().catch(reject);
      });
    });
  }
}

function prlimitArgs(limits: SandboxLimits, ownUid: boolean): string[] {
  const args = [`--data=${Math.round(limits.memoryMb * 1024 * 1024)}`, `--cpu=${cpuSeconds(limits)}`, '--core=0'];
  // RLIMIT_NPROC counts every process of the real uid: a limit only for a uid of the run's own.
  if (ownUid) args.push(`--nproc=${limits.pids}`);
  return args;
}

/** CPU time is all a process rlimit can cap: the timeout's worth at the allowed CPU count. */
function cpuSeconds(limits: SandboxLimits): number {
  return Math.max(1, Math.ceil((limits.timeoutMs / 1000) * limits.cpus));
}

/** A fresh environment: nothing of the hub's, node on PATH, a private HOME and TMPDIR. */
export function sandboxEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  const path = [...new Set([dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'])].join(':');
  return {
    PATH: path,
    HOME: home,
    TMPDIR: home,
    LANG: 'C.UTF-8',
    npm_config_cache: join(home, '.npm'),
    npm_config_update_notifier: 'false',
    ...SANDBOX_BASE_ENV,
    ...extra,
  };
}

/** SIGKILLs every process whose real uid is `uid`, a few rounds, so one forking as it dies is caught too. */
export async function killProcessesOf(uid: number): Promise<number> {
  let killed = 0;
  for (let round = 0; round < 5; round++) {
    const pids = await processesOf(uid);
    if (pids.length === 0) break;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
        killed++;
      } catch {
        // Gone meanwhile.
      }
    }
    await new Promise((done) => setTimeout(done, 20));
  }
  return killed;
}

async function processesOf(uid: number): Promise<number[]> {
  const entries = await readdir('/proc').catch(() => [] as string[]);
  const pids: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const status = await readFile(`/proc/${entry}/status`, 'utf8').catch(() => '');
    const real = /^Uid:\s+(\d+)/m.exec(status)?.[1];
    if (real !== undefined && Number(real) === uid) pids.push(Number(entry));
  }
  return pids;
}

function describe(iso: ProcessIsolation, uid: number | null, limits: SandboxLimits, planned: PlannedMount[], hidden: string[]): string[] {
  const hubUid = process.getuid?.() ?? 0;
  const who = uid !== null ? `uid ${uid}` : `uid ${hubUid}`;
  const words = ['restricted child process (no container)'];
  words.push(iso.netns ? 'no network (own network namespace; its loopback is down)' : 'network NOT restricted (no network namespace could be created)');
  words.push(
    iso.pidns
      ? 'own PID and mount namespace: host processes are invisible, and every process of the run is killed when it ends'
      : uid !== null
        ? `no PID namespace: its process group and every process of ${who} are killed when it ends`
        : 'no PID namespace: its process group is killed at the timeout (a process that leaves the group survives)',
  );
  words.push(`root filesystem NOT read-only: it can write wherever ${who} may (it owns only the worktree and a private HOME/TMPDIR)`);
  if (uid !== null) words.push(`user ${uid}:${uid}, a uid of its own for this run (not root; the worktree is lent to it)`);
  else if (hubUid === 0) words.push('runs as ROOT (setpriv is missing)');
  else if (iso.userns) words.push(`the hub's user (uid ${hubUid}) in a user namespace: it can read and write what the hub can`);
  else words.push(`the hub's own user (uid ${hubUid}): it can read and write what the hub can`);
  if (iso.setpriv && (uid !== null || iso.userns)) words.push('cap-drop ALL (bounding and inheritable sets cleared)');
  if (iso.setpriv) words.push('no-new-privileges');
  if (iso.prlimit) {
    words.push(`memory: data segment ≤ ${limits.memoryMb} MiB per process (RLIMIT_DATA; not a total for the run)`);
    words.push(uid !== null ? `processes and threads of ${who} ≤ ${limits.pids} (RLIMIT_NPROC)` : 'process count NOT limited (RLIMIT_NPROC would count all of the hub user\'s processes)');
    words.push(`CPU time ≤ ${cpuSeconds(limits)} s per process (RLIMIT_CPU); CPU rate NOT limited to ${limits.cpus}`);
    words.push('no core dumps');
  } else {
    words.push('memory, process count and CPU NOT limited (prlimit is missing)');
  }
  words.push(`timeout ${limits.timeoutMs} ms, then SIGKILL`);
  words.push('environment: PATH, HOME, TMPDIR, LANG, npm settings, git\'s safe.directory and the variables given, nothing from the hub');
  for (const path of hidden) words.push(iso.mounts ? `hidden behind an empty tmpfs: ${path}` : `NOT hidden (no mount namespace): ${path}`);
  for (const p of planned) {
    if (p.how === 'bind') words.push(`read-only mount ${p.mount.hostPath} at ${p.target}`);
    else if (p.how === 'link') words.push(`${p.mount.hostPath} linked at ${p.target} (a symlink, NOT read-only: writable wherever its permissions let ${who} write)`);
    else words.push(`${p.mount.hostPath} visible at its own path (NOT read-only: writable wherever its permissions let ${who} write)`);
  }
  return words;
}
