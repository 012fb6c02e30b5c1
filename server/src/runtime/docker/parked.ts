/**
 * Parked containers for the warm pool: the worker image started with no identity, waiting for
 * one (HIVE_WAIT_FOR_IDENTITY, see server/src/agent/identity.ts). Their environment holds no
 * token and no model key; everything agent-specific arrives at claim time as a JSON file
 * (see identity.ts) in the container's private /tmp, written by a `docker exec` whose own
 * environment carries it. Named `hive-warm-<type>-<random>` until claimed.
 */
import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { IDENTITY_FILE_VERSION } from '../../agent/identity.js';
import { AppError } from '../../errors.js';
import type { ParkedWorker } from '../warm-pool.js';
import { CONTAINER_BASE_ENV, containerCreateOptions, type ContainerLimits } from './container-spec.js';
import { dockerMessage, unlessGone } from './errors.js';
import { execIn } from './exec.js';
import { LABELS, WARM_NAME_PREFIX } from './labels.js';
import { CONTAINER_WORKSPACE, type Workspaces } from './workspace.js';

export const IDENTITY_PATH = '/tmp/hive-identity.json';
/**
 * Written by the container's own shell (a few milliseconds; node would take a hundred):
 * owner-only, to a temporary name, then renamed, so the worker never reads half a file.
 * The document travels in the exec's environment, never on a command line.
 */
const DELIVER_COMMAND = [
  '/bin/sh',
  '-c',
  'umask 077 && printf "%s" "$HIVE_IDENTITY_JSON" > "$HIVE_WAIT_FOR_IDENTITY.tmp" && mv -f "$HIVE_WAIT_FOR_IDENTITY.tmp" "$HIVE_WAIT_FOR_IDENTITY"',
];
const AGENT_TYPE_IN_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const DELIVER_TIMEOUT_MS = 15_000;

export interface ParkedContainer extends ParkedWorker {
  name: string;
}

export interface ParkedConfig {
  image: string;
  command: string[] | undefined;
  scope: string;
  limits: ContainerLimits;
  log: (line: string) => void;
}

export class ParkedContainers {
  private readonly byRef = new Map<string, ParkedContainer & { trackedAt: number }>();
  private readonly listeners = new Set<(ref: string) => void>();

  constructor(
    private readonly docker: Docker,
    private readonly workspaces: Workspaces,
    private readonly config: ParkedConfig,
  ) {}

  async start(agentType: string): Promise<ParkedWorker> {
    if (!AGENT_TYPE_IN_NAME.test(agentType)) throw AppError.field('agentType', 'must be 1-64 letters, digits, ".", "_" or "-" for a warm pool');
    const name = `${WARM_NAME_PREFIX}${agentType}-${randomBytes(6).toString('hex')}`;
    const options = containerCreateOptions({
      name,
      image: this.config.image,
      command: this.config.command,
      env: { ...CONTAINER_BASE_ENV, HIVE_WORKSPACE: CONTAINER_WORKSPACE, HIVE_WAIT_FOR_IDENTITY: IDENTITY_PATH },
      labels: {
        [LABELS.agent]: 'true',
        [LABELS.scope]: this.config.scope,
        [LABELS.agentType]: agentType,
        [LABELS.start]: 'warm',
      },
      mount: await this.workspaces.warmMount(name),
      limits: this.config.limits,
    });
    let container: Docker.Container | undefined;
    try {
      container = await this.docker.createContainer(options);
      await container.start();
    } catch (err) {
      await container?.remove({ force: true }).catch(() => undefined);
      await this.workspaces.removeWarm(name);
      throw new AppError('UNAVAILABLE', `could not pre-start a ${agentType} container: ${dockerMessage(err)}`);
    }
    const parked = { ref: container.id, name, agentType, startedAt: new Date().toISOString() };
    this.byRef.set(parked.ref, { ...parked, trackedAt: performance.now() });
    return { ref: parked.ref, agentType, startedAt: parked.startedAt };
  }

  /** Adopts a parked container a previous hub left running; false when it runs another image (rebuilt since). */
  async adopt(id: string, name: string, agentType: string, created: number): Promise<boolean> {
    const info = await unlessGone(this.docker.getContainer(id).inspect(), null);
    const image = await unlessGone(this.docker.getImage(this.config.image).inspect(), null);
    if (!info || !image || info.Image !== image.Id) return false;
    this.byRef.set(id, { ref: id, name, agentType, startedAt: new Date(created * 1000).toISOString(), trackedAt: performance.now() });
    return true;
  }

  list(): ParkedWorker[] {
    return [...this.byRef.values()].map(({ ref, agentType, startedAt }) => ({ ref, agentType, startedAt }));
  }

  /** Removes a parked container from the pool's view for a claim; null when it is gone. */
  take(ref: string): ParkedContainer | null {
    const parked = this.byRef.get(ref);
    if (!parked) return null;
    this.byRef.delete(ref);
    return parked;
  }

  putBack(parked: ParkedContainer): void {
    this.byRef.set(parked.ref, { ...parked, trackedAt: performance.now() });
  }

  async deliverIdentity(ref: string, env: Record<string, string>): Promise<void> {
    const result = await execIn(this.docker.getContainer(ref), DELIVER_COMMAND, {
      user: this.config.limits.user,
      env: { HIVE_IDENTITY_JSON: JSON.stringify({ version: IDENTITY_FILE_VERSION, env }) },
      timeoutMs: DELIVER_TIMEOUT_MS,
    });
    if (result.exitCode !== 0) {
      const why = result.timedOut ? `no answer in ${DELIVER_TIMEOUT_MS} ms` : `exit code ${result.exitCode}: ${result.stderr.trim()}`;
      throw new AppError('UNAVAILABLE', `delivering the identity to container ${ref.slice(0, 12)} failed (${why})`);
    }
  }

  async discard(ref: string): Promise<void> {
    const parked = this.take(ref);
    if (parked) await this.destroy(parked);
  }

  async destroy(parked: ParkedContainer): Promise<void> {
    await unlessGone(this.docker.getContainer(parked.ref).remove({ force: true }), undefined);
    await this.workspaces.removeWarm(parked.name);
  }

  onExit(listener: (ref: string) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** A die event for a container that is no agent's: a parked one crashed, or was removed. */
  onDie(containerId: string): void {
    const parked = this.take(containerId);
    if (!parked) return;
    this.config.log(`runtime(docker): parked container ${parked.name} exited`);
    void this.destroy(parked).catch(() => undefined);
    for (const listener of this.listeners) listener(parked.ref);
  }

  /** `states`: container id → state, listed at `listedAt`; parked containers no longer running are dropped. */
  reconcile(states: ReadonlyMap<string, string>, listedAt: number): void {
    for (const parked of [...this.byRef.values()]) {
      if (parked.trackedAt > listedAt) continue;
      if (states.get(parked.ref) !== 'running') this.onDie(parked.ref);
    }
  }

  close(): void {
    this.byRef.clear();
    this.listeners.clear();
  }
}
