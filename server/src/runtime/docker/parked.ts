/**
 * Parked containers for the warm pool: the worker image started with no identity, waiting for
 * one (HIVE_WAIT_FOR_IDENTITY, see server/src/agent/identity.ts). Their environment holds no
 * token and no model key; everything agent-specific arrives at claim time as a JSON file that
 * this machine writes into the container's bind-mounted workspace, named after the container
 * (so a file left in an agent's old workspace is never mistaken for a new identity); the
 * worker deletes it as soon as it has read it. Writing a file costs about a millisecond where
 * the `docker exec` it replaced cost tens. Named `hive-warm-<type>-<random>` until claimed.
 */
import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { AppError } from '../../errors.js';
import type { ParkedWorker } from '../warm-pool.js';
import { CONTAINER_BASE_ENV, containerCreateOptions, type ContainerLimits } from './container-spec.js';
import { dockerMessage, unlessGone } from './errors.js';
import { LABELS, WARM_NAME_PREFIX } from './labels.js';
import { CONTAINER_WORKSPACE, identityFileName, type Workspaces } from './workspace.js';

/** Where a parked container's worker waits for its identity. */
export const identityPathIn = (containerName: string) => `${CONTAINER_WORKSPACE}/${identityFileName(containerName)}`;
const AGENT_TYPE_IN_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

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
      env: { ...CONTAINER_BASE_ENV, HIVE_WORKSPACE: CONTAINER_WORKSPACE, HIVE_WAIT_FOR_IDENTITY: identityPathIn(name) },
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

  /**
   * Adopts a parked container a previous hub left running; false when it runs another image
   * (rebuilt since) or waits for its identity elsewhere (parked by an older hub).
   */
  async adopt(id: string, name: string, agentType: string, created: number): Promise<boolean> {
    const info = await unlessGone(this.docker.getContainer(id).inspect(), null);
    const image = await unlessGone(this.docker.getImage(this.config.image).inspect(), null);
    if (!info || !image || info.Image !== image.Id) return false;
    if (!info.Config.Env?.includes(`HIVE_WAIT_FOR_IDENTITY=${identityPathIn(name)}`)) return false;
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

  /** After the claim's workspace hand-over: the worker wakes on the file (a directory watch). */
  async deliverIdentity(parked: ParkedContainer, agentId: string, env: Record<string, string>): Promise<void> {
    try {
      await this.workspaces.writeIdentity(agentId, identityFileName(parked.name), env);
    } catch (err) {
      throw new AppError('UNAVAILABLE', `delivering the identity to container ${parked.ref.slice(0, 12)} failed (${(err as Error).message})`);
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
