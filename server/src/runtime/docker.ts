/**
 * The `docker` runtime (DESIGN §2): each agent worker is a container on a Docker Engine (the
 * local socket or a remote host; one driver per host). Containers are hardened (see
 * docker/container-spec.ts), labelled so a restarted hub finds and adopts them, and watched
 * through the Engine's event stream. When a container exits, its output is copied to the
 * agent's log under dataDir and the container is removed.
 *
 * Layout under dataDir: logs/<agentId>.log (+ .log.1), workspaces/<agentId>/ (bind mode),
 * workspaces/.warm/<container>/ (parked warm-pool containers).
 *
 * The driver also implements WarmStartDriver (docker/parked.ts): parked containers run the
 * worker waiting for an identity, and a claim renames one to the agent's container name,
 * hands it the agent's workspace and writes the identity into that workspace.
 */
import { ExitListeners } from './exit-listeners.js';
import { assertTailLines } from './log-tail.js';
import type Docker from 'dockerode';
import { AppError } from '../errors.js';
import { connectDocker, describeConnection } from './docker/connection.js';
import { archiveAndRemove, containerLogLines, LogArchive } from './docker/container-logs.js';
import { CONTAINER_BASE_ENV, containerCreateOptions, type ContainerLimits } from './docker/container-spec.js';
import { dockerMessage, isConflict, isNotFound, isNotModified, unlessGone } from './docker/errors.js';
import { DieEventWatcher, type DieEvent } from './docker/events.js';
import { execIn, type ExecResult } from './docker/exec.js';
import { engineHealth } from './docker/health.js';
import { agentContainerName, agentIdFromName, agentLabels, DEFAULT_SCOPE, isWarmName, LABELS, plainName, scopeFilters } from './docker/labels.js';
import { containerLimits, workspaceKind, type DockerDriverOptions } from './docker/options.js';
import { ParkedContainers } from './docker/parked.js';
import { TrackedContainer } from './docker/tracked-container.js';
import { ContainerUsageMeter } from './docker/usage.js';
import { CONTAINER_WORKSPACE, parseUser, Workspaces } from './docker/workspace.js';
import type { AgentLaunchSpec, ExitInfo, RuntimeDriver, RuntimeHealth, RuntimeInstance } from './port.js';
import { assertSafeAgentId, RuntimePaths } from './runtime-paths.js';
import type { ParkedWorker, WarmStartDriver } from './warm-pool.js';
import { workerEnvironment } from './worker-env.js';

export type { DockerDriverOptions } from './docker/options.js';

const DEFAULT_GRACE_MS = 10_000;
const KILL_WAIT_MS = 10_000;

export class DockerDriver implements RuntimeDriver, WarmStartDriver {
  readonly kind = 'docker' as const;
  readonly docker: Docker;
  readonly image: string;
  readonly scope: string;
  readonly supportsWarmStart: boolean;
  private readonly where: string;
  private readonly command: string[] | undefined;
  private readonly limits: ContainerLimits;
  private readonly workspaces: Workspaces;
  private readonly archive: LogArchive;
  private readonly events: DieEventWatcher;
  private readonly parked: ParkedContainers;
  private readonly usageMeter: ContainerUsageMeter;
  private readonly workers = new Map<string, TrackedContainer>();
  private readonly starting = new Set<string>();
  private readonly exitListeners = new ExitListeners();
  private readonly log: (line: string) => void;
  private watchTimer: NodeJS.Timeout | undefined;
  private reconciling = false;
  private closed = false;

  /** Connects, starts watching events, adopts the containers a previous hub left running. */
  static async open(options: DockerDriverOptions): Promise<DockerDriver> {
    const driver = new DockerDriver(options);
    try {
      await driver.docker.ping().catch((err: unknown) => {
        throw new AppError('UNAVAILABLE', `the Docker Engine at ${driver.where} is not reachable: ${dockerMessage(err)}`);
      });
      await driver.workspaces.ensure();
      await driver.events.start();
      await driver.adoptSurvivors();
    } catch (err) {
      await driver.close();
      throw err;
    }
    driver.watchTimer = setInterval(() => void driver.reconcile(), options.watchIntervalMs ?? 5_000);
    driver.watchTimer.unref();
    return driver;
  }

  private constructor(options: DockerDriverOptions) {
    this.docker = options.docker ?? connectDocker(options);
    this.where = describeConnection(options);
    this.image = options.image ?? 'hive-agent:dev';
    this.scope = options.scope ?? DEFAULT_SCOPE;
    this.command = options.command;
    this.log = options.log ?? ((line) => console.warn(line));
    this.limits = containerLimits(options);
    const paths = new RuntimePaths(options.dataDir);
    const kind = workspaceKind(options);
    this.workspaces = new Workspaces(kind, paths, parseUser(this.limits.user), { [LABELS.agent]: 'true', [LABELS.scope]: this.scope });
    this.supportsWarmStart = kind === 'bind';
    this.archive = new LogArchive(paths, this.limits.maxLogBytes);
    this.usageMeter = new ContainerUsageMeter(this.docker);
    this.events = new DieEventWatcher(this.docker, scopeFilters(this.scope), (e) => this.onDie(e), () => void this.reconcile(), this.log);
    this.parked = new ParkedContainers(this.docker, this.workspaces, {
      image: this.image,
      command: this.command,
      scope: this.scope,
      limits: this.limits,
      log: this.log,
    });
  }

  async spawn(spec: AgentLaunchSpec): Promise<RuntimeInstance> {
    return this.launch(spec, async () => {
      const { agentId } = spec;
      const options = containerCreateOptions({
        name: agentContainerName(agentId),
        image: this.image,
        command: this.command,
        env: workerEnvironment(spec.env, agentId, CONTAINER_WORKSPACE, CONTAINER_BASE_ENV),
        labels: agentLabels(this.scope, spec),
        mount: await this.workspaces.mountFor(agentId),
        limits: this.limits,
      });
      const container = await this.docker.createContainer(options).catch((err: unknown) => {
        if (isConflict(err)) throw alreadyRunning(agentId);
        if (isNotFound(err)) throw new AppError('UNAVAILABLE', `image ${this.image} is not on the Docker host ${this.where}; build it with \`node scripts/build-images.mjs\``);
        throw new AppError('UNAVAILABLE', `could not create the container for agent ${agentId}: ${dockerMessage(err)}`);
      });
      const worker = this.track(new TrackedContainer(agentId, spec.agentType, container.id, new Date().toISOString(), false));
      try {
        await container.start();
      } catch (err) {
        await container.remove({ force: true }).catch(() => undefined);
        throw new AppError('UNAVAILABLE', `could not start the container for agent ${agentId}: ${dockerMessage(err)}`);
      }
      return worker;
    });
  }

  async claim(parked: ParkedWorker, spec: AgentLaunchSpec): Promise<RuntimeInstance> {
    return this.launch(spec, async () => {
      const { agentId } = spec;
      const taken = this.parked.take(parked.ref);
      if (!taken) throw new AppError('UNAVAILABLE', `parked container ${parked.ref} is gone`);
      const worker = this.track(new TrackedContainer(agentId, spec.agentType, taken.ref, new Date().toISOString(), false));
      const container = this.docker.getContainer(taken.ref);
      try {
        await container.rename({ name: agentContainerName(agentId) });
      } catch (err) {
        this.workers.delete(agentId);
        if (isConflict(err)) {
          this.parked.putBack(taken);
          throw alreadyRunning(agentId);
        }
        await this.parked.destroy(taken);
        throw err;
      }
      try {
        await this.workspaces.handOver(taken.name, agentId);
        await this.parked.deliverIdentity(taken, agentId, workerEnvironment(spec.env, agentId, CONTAINER_WORKSPACE, CONTAINER_BASE_ENV));
      } catch (err) {
        await container.remove({ force: true }).catch(() => undefined);
        throw err;
      }
      return worker;
    });
  }

  prestart(agentType: string): Promise<ParkedWorker> {
    if (this.closed) return Promise.reject(new AppError('UNAVAILABLE', 'the docker runtime driver is closed'));
    return this.parked.start(agentType);
  }

  discardParked(ref: string): Promise<void> {
    return this.parked.discard(ref);
  }

  parkedWorkers(): ParkedWorker[] {
    return this.parked.list();
  }

  onParkedExit(listener: (ref: string) => void): () => void {
    return this.parked.onExit(listener);
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

  /** The running container's output, after what earlier containers of the agent left in its archived log. */
  async logs(agentId: string, tail = 200): Promise<string[]> {
    assertSafeAgentId(agentId);
    assertTailLines(tail);
    if (tail === 0) return [];
    const worker = this.workers.get(agentId);
    const live = worker && !worker.logsArchived ? ((await containerLogLines(this.docker.getContainer(worker.containerId), tail)) ?? []) : [];
    if (live.length >= tail) return live.slice(-tail);
    return [...(await this.archive.read(agentId, tail - live.length)), ...live];
  }

  onExit(listener: (info: ExitInfo) => void): () => void {
    return this.exitListeners.add(listener);
  }

  async health(): Promise<RuntimeHealth> {
    const running = (await this.list()).length;
    if (this.closed) return { status: 'down', detail: 'the docker runtime driver is closed', running };
    return engineHealth(this.docker, { where: this.where, image: this.image, watching: this.events.connected, running });
  }

  async usage(agentId: string): Promise<{ cpuPercent: number | null; memoryBytes: number } | null> {
    const worker = this.workers.get(agentId);
    if (!worker || worker.exitSeen) return null;
    return this.usageMeter.read(worker.containerId);
  }

  /** Runs a command in an agent's container (debugging): its exit code and output. */
  async exec(agentId: string, cmd: string[], options: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<ExecResult> {
    const worker = this.workers.get(agentId);
    if (!worker || worker.exitSeen) throw AppError.notFound('running worker for agent', agentId);
    return execIn(this.docker.getContainer(worker.containerId), cmd, { user: this.limits.user, ...options });
  }

  /**
   * Removes this scope's agent containers whose agent the caller does not know (deleted while
   * no hub was running, or left by a crashed one). Ones this driver tracks are stopped
   * gracefully first. Returns the agent ids removed.
   */
  async reapOrphans(knownAgentIds: Iterable<string>, graceMs = 5_000): Promise<string[]> {
    const known = new Set(knownAgentIds);
    const reaped: string[] = [];
    for (const summary of await this.listScope()) {
      const agentId = agentIdFromName(summary.Names[0] ?? '');
      if (agentId === null || known.has(agentId)) continue;
      if (this.workers.has(agentId)) await this.stop(agentId, graceMs);
      else await this.archiveAndRemove(summary.Id, agentId, summary.Labels[LABELS.agentType] ?? 'agent', null);
      reaped.push(agentId);
    }
    return reaped;
  }

  /** Stops watching; containers (workers and parked ones) keep running for the next hub to adopt. Safe twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.watchTimer);
    this.events.close();
    this.parked.close();
    for (const worker of this.workers.values()) {
      worker.launchDone(false);
      worker.markGone();
    }
    this.workers.clear();
    this.exitListeners.clear();
  }

  /** The shared part of spawn and claim: refusal rules, one launch per agent at a time. */
  private async launch(spec: AgentLaunchSpec, start: () => Promise<TrackedContainer>): Promise<RuntimeInstance> {
    if (this.closed) throw new AppError('UNAVAILABLE', 'the docker runtime driver is closed');
    const { agentId } = spec;
    assertSafeAgentId(agentId);
    // An exiting worker is finished first, so an onExit listener that restarts at once is not refused.
    const exiting = this.workers.get(agentId);
    if (exiting?.exitSeen) await exiting.gone;
    if (this.workers.has(agentId) || this.starting.has(agentId)) throw alreadyRunning(agentId);
    this.starting.add(agentId);
    try {
      await this.clearLeftover(agentId);
      const worker = await start();
      worker.launchDone(true);
      return { ...worker.instance };
    } catch (err) {
      // Whatever this launch tracked (nothing else can have: the agent was not tracked and is in `starting`).
      const tracked = this.workers.get(agentId);
      if (tracked) {
        this.workers.delete(agentId);
        tracked.launchDone(false);
      }
      throw err;
    } finally {
      this.starting.delete(agentId);
    }
  }

  private track(worker: TrackedContainer): TrackedContainer {
    this.workers.set(worker.agentId, worker);
    return worker;
  }

  /** A container with the agent's name that this driver does not track: another hub's (refused) or a dead one (cleared). */
  private async clearLeftover(agentId: string): Promise<void> {
    const container = this.docker.getContainer(agentContainerName(agentId));
    const info = await unlessGone(container.inspect(), null);
    if (!info) return;
    if (info.State.Running || info.State.Restarting) throw alreadyRunning(agentId);
    await this.archiveAndRemove(info.Id, agentId, info.Config.Labels?.[LABELS.agentType] ?? 'agent', info.State.ExitCode);
  }

  private async terminate(worker: TrackedContainer, graceMs: number): Promise<void> {
    worker.stopRequested = true;
    const container = this.docker.getContainer(worker.containerId);
    // A wait, in parallel with the event stream: stop() must not depend on event latency.
    void container.wait({ condition: 'not-running' }).then(
      (result: { StatusCode?: number }) => this.finish(worker, result.StatusCode ?? null),
      () => this.finish(worker, null),
    );
    const gone = async () => {
      await this.finish(worker, null);
      return worker.gone;
    };
    if (!(await this.signal(worker, 'SIGTERM'))) return gone();
    if (await worker.waitGone(graceMs)) return;
    if (!(await this.signal(worker, 'SIGKILL'))) return gone();
    if (await worker.waitGone(KILL_WAIT_MS)) return;
    throw new AppError('INTERNAL', `container ${worker.containerId} of agent ${worker.agentId} survived SIGKILL`);
  }

  /** False when the container is gone or not running any more. */
  private async signal(worker: TrackedContainer, signal: 'SIGTERM' | 'SIGKILL'): Promise<boolean> {
    try {
      await this.docker.getContainer(worker.containerId).kill({ signal });
      return true;
    } catch (err) {
      if (isNotFound(err) || isConflict(err) || isNotModified(err)) return false;
      throw err;
    }
  }

  private onDie(event: DieEvent): void {
    const worker = [...this.workers.values()].find((w) => w.containerId === event.containerId);
    if (worker) void this.finish(worker, event.exitCode);
    else this.parked.onDie(event.containerId);
  }

  /** Handles an exit once: archives the output, removes the container, tells the listeners. */
  private async finish(worker: TrackedContainer, code: number | null): Promise<void> {
    if (worker.exitSeen || this.closed) return;
    worker.exitSeen = true;
    const info: ExitInfo = { agentId: worker.agentId, ref: worker.containerId, code, signal: null, expected: worker.stopRequested };
    const launched = await worker.launched;
    try {
      await this.archiveAndRemove(worker.containerId, worker.agentId, worker.agentType, code, worker);
    } catch (err) {
      this.log(`runtime(docker): cleaning up after container ${worker.containerId} of agent ${worker.agentId}: ${dockerMessage(err)}`);
    } finally {
      this.usageMeter.forget(worker.containerId);
      if (this.workers.get(worker.agentId) === worker) this.workers.delete(worker.agentId);
      // A container that died while spawn()/claim() failed was never an agent's worker.
      if (launched) this.exitListeners.emit(info);
      worker.markGone();
    }
  }

  private async archiveAndRemove(containerId: string, agentId: string, agentType: string, code: number | null, worker?: TrackedContainer): Promise<void> {
    await archiveAndRemove(this.docker.getContainer(containerId), this.archive, { agentId, agentType, image: this.image, code }, () => {
      if (worker) worker.logsArchived = true;
    });
  }


  private listScope(): Promise<Docker.ContainerInfo[]> {
    return this.docker.listContainers({ all: true, filters: JSON.stringify({ label: scopeFilters(this.scope) }) } as Docker.ContainerListOptions);
  }

  /** Adopts running agent and parked containers of this scope; clears out dead ones. */
  private async adoptSurvivors(): Promise<void> {
    const parkedNames = new Set<string>();
    for (const summary of await this.listScope()) {
      const name = plainName(summary.Names[0] ?? '');
      const agentId = agentIdFromName(name);
      const running = summary.State === 'running';
      const type = summary.Labels[LABELS.agentType] ?? 'agent';
      if (agentId !== null) {
        if (running) this.track(new TrackedContainer(agentId, type, summary.Id, new Date(summary.Created * 1000).toISOString(), true));
        else await this.archiveAndRemove(summary.Id, agentId, type, null);
      } else if (isWarmName(name)) {
        if (running && (await this.parked.adopt(summary.Id, name, type, summary.Created))) parkedNames.add(name);
        else await this.parked.destroy({ ref: summary.Id, name, agentType: type, startedAt: '' });
      }
    }
    await this.workspaces.removeStaleWarm(parkedNames);
  }

  /** The safety net under the event stream: finishes tracked workers whose container is no longer running. */
  private async reconcile(): Promise<void> {
    if (this.reconciling || this.closed) return;
    this.reconciling = true;
    try {
      const listedAt = performance.now();
      const states = new Map((await this.listScope()).map((c) => [c.Id, c.State]));
      for (const worker of [...this.workers.values()]) {
        if (this.starting.has(worker.agentId) || worker.exitSeen || worker.trackedAt > listedAt) continue;
        const state = states.get(worker.containerId);
        if (state === 'running' || state === 'restarting' || state === 'paused') continue;
        await this.finish(worker, null);
      }
      this.parked.reconcile(states, listedAt);
    } catch (err) {
      this.log(`runtime(docker): reconciling with ${this.where} failed: ${dockerMessage(err)}`);
    } finally {
      this.reconciling = false;
    }
  }
}

function alreadyRunning(agentId: string): AppError {
  return new AppError('CONFLICT', `a worker for agent ${agentId} is running or being started`, { agentId });
}
