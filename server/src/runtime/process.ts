/**
 * The `process` runtime (DESIGN §2, the embedded default): each agent worker is a child process
 * on this machine, with its own workspace directory and log file under the data dir.
 *
 * Workers must survive the hub: a hub restart (or crash) must not take the fleet down, and the
 * next hub must find its workers again. Hence each worker is spawned detached, as the leader of
 * its own process group, with its stdout/stderr going straight to its log file (a pipe would
 * break when the hub goes), and a registry record on disk describing it. A new driver adopts
 * the workers whose records still match a live process (ProcessDriver.open).
 *
 * Layout under dataDir: runtime/<agentId>.json (registry), logs/<agentId>.log (+ .log.1 after a
 * rotation), workspaces/<agentId>/ (the worker's cwd and HIVE_WORKSPACE), bundle/ (the worker
 * prebuilt into one file, which every spawn runs: agent-bundle-cache.ts).
 */
import { ExitListeners } from './exit-listeners.js';
import { spawn as spawnChild, type ChildProcess } from 'node:child_process';
import { appendFile, mkdir } from 'node:fs/promises';
import { AppError } from '../errors.js';
import { AgentCommandSource, commandFingerprint, type AgentCommand } from './agent-command.js';
import { assertTailLines, readLastLinesAcross } from './log-tail.js';
import { capRunningLog, DEFAULT_MAX_LOG_BYTES, openLogForWorker } from './log-rotation.js';
import type { AgentLaunchSpec, ExitInfo, RuntimeDriver, RuntimeHealth, RuntimeInstance } from './port.js';
import { isSameProcessAlive, processStartTicks, signalProcessGroup } from './process-probe.js';
import { ProcessRegistry, type ProcessRecord } from './process-registry.js';
import { ProcessUsageMeter } from './process-usage.js';
import { assertSafeAgentId, RuntimePaths } from './runtime-paths.js';
import { TrackedWorker } from './tracked-worker.js';
import { workerEnvironment } from './worker-env.js';

export interface ProcessDriverOptions {
  /** Root of the driver's state: registry records, logs and workspaces. */
  dataDir: string;
  /** What to run; defaults to the agent worker, bundled under <dataDir>/bundle (AgentCommandSource). */
  command?: AgentCommand;
  /** Where a fallback from the bundled worker to tsx is explained; console.warn by default. */
  log?: (line: string) => void;
  /** How often adopted workers are checked for liveness and logs for size. Default 1 s. */
  watchIntervalMs?: number;
  /** A log is rotated once it passes this size. Default 5 MiB. */
  maxLogBytes?: number;
}

const DEFAULT_GRACE_MS = 10_000;
const DEFAULT_WATCH_INTERVAL_MS = 1_000;
/** After SIGKILL a process is gone within milliseconds unless stuck in the kernel. */
const KILL_WAIT_MS = 5_000;
/** While stopping an adopted worker, poll faster than the background watch. */
const STOP_POLL_MS = 50;

export class ProcessDriver implements RuntimeDriver {
  readonly kind = 'process' as const;
  private readonly paths: RuntimePaths;
  private readonly registry: ProcessRegistry;
  private readonly command: AgentCommand | AgentCommandSource;
  private readonly maxLogBytes: number;
  private readonly workers = new Map<string, TrackedWorker>();
  private readonly usageMeter = new ProcessUsageMeter();
  /** Agents with a spawn() in flight, so two concurrent spawns cannot both start a worker. */
  private readonly starting = new Set<string>();
  private readonly exitListeners = new ExitListeners();
  private readonly watchTimer: NodeJS.Timeout;
  private watchTickRunning = false;
  private closed = false;

  /** Prepares the data dir, adopts the workers a previous hub left running, and starts watching. */
  static async open(options: ProcessDriverOptions): Promise<ProcessDriver> {
    const paths = new RuntimePaths(options.dataDir);
    await paths.ensure();
    const driver = new ProcessDriver(options, paths);
    try {
      await driver.adoptSurvivors();
    } catch (err) {
      await driver.close();
      throw err;
    }
    return driver;
  }

  private constructor(options: ProcessDriverOptions, paths: RuntimePaths) {
    this.paths = paths;
    this.registry = new ProcessRegistry(paths);
    // The bundle starts building now, in the background, so the first spawn rarely waits for it.
    this.command = options.command ?? new AgentCommandSource({ cacheDir: paths.bundleDir, log: options.log });
    this.maxLogBytes = options.maxLogBytes ?? DEFAULT_MAX_LOG_BYTES;
    this.watchTimer = setInterval(() => void this.watchTick(), options.watchIntervalMs ?? DEFAULT_WATCH_INTERVAL_MS);
    // The hub's lifetime is decided elsewhere; a watch timer must not keep it alive.
    this.watchTimer.unref();
  }

  async spawn(spec: AgentLaunchSpec): Promise<RuntimeInstance> {
    if (this.closed) throw new AppError('UNAVAILABLE', 'the process runtime driver is closed');
    const { agentId } = spec;
    assertSafeAgentId(agentId);
    // A worker that is just exiting is finished first, so an onExit listener that restarts
    // the agent right away is not refused.
    const exiting = this.workers.get(agentId);
    if (exiting?.exitSeen) await exiting.gone;

    const running = this.workers.get(agentId);
    if (running || this.starting.has(agentId)) throw alreadyRunning(agentId, running?.pid);
    this.starting.add(agentId);
    try {
      // A record this driver does not track, with its process alive: another hub on the same data dir.
      const leftover = await this.registry.read(agentId);
      if (leftover && (await isSameProcessAlive(leftover))) throw alreadyRunning(agentId, leftover.pid);
      return await this.launch(spec);
    } finally {
      this.starting.delete(agentId);
    }
  }

  async stop(agentId: string, graceMs = DEFAULT_GRACE_MS): Promise<void> {
    const worker = this.workers.get(agentId);
    if (!worker) return;
    if (worker.exitSeen) return worker.gone;
    worker.stopping ??= this.terminate(worker, graceMs);
    return worker.stopping;
  }

  async list(): Promise<RuntimeInstance[]> {
    return [...this.workers.values()].filter((w) => !w.exitSeen).map((w) => ({ ...w.instance }));
  }

  async usage(agentId: string): Promise<{ cpuPercent: number | null; memoryBytes: number } | null> {
    const worker = this.workers.get(agentId);
    if (!worker || worker.exitSeen) return null;
    return this.usageMeter.read(Number(worker.instance.ref));
  }

  /** Works after the worker has exited too: its log stays, which is when it matters most. */
  async logs(agentId: string, tail = 200): Promise<string[]> {
    assertSafeAgentId(agentId);
    assertTailLines(tail);
    return readLastLinesAcross(this.paths.rotatedLogFile(agentId), this.paths.logFile(agentId), tail);
  }

  onExit(listener: (info: ExitInfo) => void): () => void {
    return this.exitListeners.add(listener);
  }

  async health(): Promise<RuntimeHealth> {
    const running = (await this.list()).length;
    if (this.closed) return { status: 'down', detail: 'the process runtime driver is closed', running };
    try {
      await this.paths.assertWritable();
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      return { status: 'degraded', detail: `data dir ${this.paths.dataDir} is not writable: ${reason}`, running };
    }
    return { status: 'ok', detail: `${running} worker(s) running as local processes`, running };
  }

  /** Workers keep running and keep their registry records, for the next driver to adopt. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.watchTimer);
    for (const worker of this.workers.values()) worker.markGone();
    this.workers.clear();
    this.exitListeners.clear();
    // esbuild may still be writing the bundle under the data dir; whoever removes that dir next must not race it.
    if (this.command instanceof AgentCommandSource) await this.command.settled();
  }

  private async launch(spec: AgentLaunchSpec): Promise<RuntimeInstance> {
    const { agentId } = spec;
    const workspace = this.paths.workspace(agentId);
    await mkdir(workspace, { recursive: true, mode: 0o700 });
    const command = this.command instanceof AgentCommandSource ? await this.command.current() : this.command;
    const log = await openLogForWorker(this.paths.logFile(agentId), this.paths.rotatedLogFile(agentId), this.maxLogBytes);
    const startedAt = new Date().toISOString();
    let child: ChildProcess;
    let watched: WatchedChild;
    try {
      // Never the environment here: it holds the agent token.
      await log.appendFile(`--- hive: starting ${spec.agentType} worker at ${startedAt} ---\n`);
      child = spawnChild(command.executable, command.args, {
        cwd: workspace,
        env: workerEnvironment(spec.env, agentId, workspace),
        detached: true,
        stdio: ['ignore', log.fd, log.fd],
      });
      watched = watchChild(child, agentId);
    } finally {
      // The child holds its own copy of the descriptor.
      await log.close();
    }
    const pid = await watched.pid;
    child.unref();

    const record: ProcessRecord = {
      agentId,
      agentType: spec.agentType,
      sessionId: spec.sessionId,
      startedAt,
      pid,
      commandFingerprint: commandFingerprint(command),
      procStartTicks: await processStartTicks(pid),
    };
    const worker = new TrackedWorker(record, child);
    this.workers.set(agentId, worker);
    void watched.exited.then(([code, signal]) => this.finishWorker(worker, code, signal));

    worker.recordWritten = this.registry.write(record);
    try {
      await worker.recordWritten;
    } catch (err) {
      // Without a record the worker could never be adopted or cleaned up by a later hub.
      worker.stopRequested = true;
      signalProcessGroup(pid, 'SIGKILL');
      throw err;
    }
    return { ...worker.instance };
  }

  private async terminate(worker: TrackedWorker, graceMs: number): Promise<void> {
    worker.stopRequested = true;
    if (worker.adopted && !(await isSameProcessAlive(worker.record))) {
      // Gone already; and its pid may now be someone else's, so it must not be signalled.
      return this.finishWorker(worker, null, null);
    }
    signalProcessGroup(worker.pid, 'SIGTERM');
    const closeWatch = worker.adopted ? setInterval(() => void this.checkAdopted(worker), STOP_POLL_MS) : undefined;
    try {
      if (await worker.waitGone(graceMs)) return;
      signalProcessGroup(worker.pid, 'SIGKILL');
      if (await worker.waitGone(KILL_WAIT_MS)) return;
      throw new AppError('INTERNAL', `worker for agent ${worker.record.agentId} (pid ${worker.pid}) survived SIGKILL`);
    } finally {
      clearInterval(closeWatch);
    }
  }

  /** Handles an exit once, however it was detected; then tells the listeners. */
  private async finishWorker(worker: TrackedWorker, code: number | null, signal: NodeJS.Signals | null): Promise<void> {
    if (worker.exitSeen || this.closed) return;
    worker.exitSeen = true;
    const { agentId } = worker.record;
    const info: ExitInfo = { agentId, ref: worker.instance.ref, code, signal, expected: worker.stopRequested };
    try {
      // Our own child was reaped this instant, so its pid cannot have been reused yet: safe to
      // clear out whatever the agent started and left behind in its group. An adopted
      // worker's exit is seen up to a poll later, too late to signal its group blindly.
      if (!worker.adopted) signalProcessGroup(worker.pid, 'SIGKILL');
      await worker.recordWritten.catch(() => undefined);
      await this.registry.remove(agentId, worker.pid);
      const how = code !== null ? `code ${code}` : signal ? `signal ${signal}` : 'status unknown (adopted)';
      await appendFile(this.paths.logFile(agentId), `--- hive: worker exited with ${how} at ${new Date().toISOString()} ---\n`);
    } catch (err) {
      console.error(`runtime: cleaning up after worker ${agentId} (pid ${worker.pid}) exited`, err);
    } finally {
      if (this.workers.get(agentId) === worker) this.workers.delete(agentId);
      this.exitListeners.emit(info);
      worker.markGone();
    }
  }


  private async checkAdopted(worker: TrackedWorker): Promise<void> {
    if (worker.exitSeen || this.closed) return;
    if (await isSameProcessAlive(worker.record)) return;
    await this.finishWorker(worker, null, null);
  }

  /** Adopted workers have no exit event, so they are polled; every worker's log is kept under its cap. */
  private async watchTick(): Promise<void> {
    if (this.watchTickRunning) return;
    this.watchTickRunning = true;
    try {
      for (const worker of [...this.workers.values()]) {
        if (worker.adopted) await this.checkAdopted(worker);
        if (worker.exitSeen || this.closed) continue;
        const { agentId } = worker.record;
        // A failure here is a disk problem, which health() reports; logging it every second would not help.
        await capRunningLog(this.paths.logFile(agentId), this.paths.rotatedLogFile(agentId), this.maxLogBytes).catch(() => false);
      }
    } finally {
      this.watchTickRunning = false;
    }
  }

  /** Adopts workers whose records match a live process; deletes records of the dead and unreadable files. */
  private async adoptSurvivors(): Promise<void> {
    const scan = await this.registry.scan();
    for (const path of scan.junk) await this.registry.removeFile(path);
    for (const record of scan.records) {
      if (await isSameProcessAlive(record)) this.workers.set(record.agentId, new TrackedWorker(record, null));
      else await this.registry.remove(record.agentId, record.pid);
    }
  }
}

function alreadyRunning(agentId: string, pid: number | undefined): AppError {
  const where = pid === undefined ? 'is being started' : `is running (pid ${pid})`;
  return new AppError('CONFLICT', `a worker for agent ${agentId} ${where}`, { agentId });
}

interface WatchedChild {
  /** The pid, or the reason the worker could not start (e.g. ENOENT). */
  pid: Promise<number>;
  exited: Promise<[number | null, NodeJS.Signals | null]>;
}

/**
 * Listens to a fresh child before anything else is awaited: a spawn error or an instant exit
 * is emitted on a later tick, and an 'error' nobody listens to would crash the hub.
 */
function watchChild(child: ChildProcess, agentId: string): WatchedChild {
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.once('exit', (code, signal) => resolve([code, signal])),
  );
  const pid = new Promise<number>((resolve, reject) => {
    child.on('error', (err) => {
      if (child.pid === undefined) reject(new AppError('UNAVAILABLE', `could not start the agent worker: ${err.message}`));
      else console.error(`runtime: worker ${agentId} (pid ${child.pid})`, err);
    });
    if (child.pid !== undefined) resolve(child.pid);
  });
  // Awaited by the caller only after the log is closed; until then, a rejection is not "unhandled".
  pid.catch(() => undefined);
  return { pid, exited };
}
