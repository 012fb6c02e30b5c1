/**
 * Agent workspaces for the Docker runtime. Two kinds:
 * - `bind` (default for a local Engine): a directory on this machine, dataDir/workspaces/<id>,
 *   bind-mounted at /workspace and owned by the container user, so the hub can read what the
 *   agent wrote and the warm pool can hand a parked container's directory to an agent.
 * - `volume` (for a remote Engine, whose filesystem is not this machine's): a named volume
 *   `hive-ws-<id>` on the Docker host, created on first use from the image's /workspace.
 *
 * A parked (warm) container gets dataDir/workspaces/.warm/<container name>; at claim time
 * that directory is renamed to the agent's. The container's bind mount holds the directory
 * itself, not its path, so it follows the rename. A name starting with "." can never be an
 * agent id, so the two never collide.
 */
import { chown, mkdir, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { writeIdentityFile } from '../../agent/identity.js';
import { AppError } from '../../errors.js';
import { RuntimePaths } from '../runtime-paths.js';

export type WorkspaceKind = 'bind' | 'volume';
export const CONTAINER_WORKSPACE = '/workspace';

export interface Owner {
  uid: number;
  gid: number;
}

/** Parses `10001:10001` (or `10001`) into numbers, for chown. */
export function parseUser(user: string): Owner {
  const [uid, gid] = user.split(':');
  const u = Number(uid);
  const g = gid === undefined ? u : Number(gid);
  if (!Number.isInteger(u) || !Number.isInteger(g)) throw new Error(`docker runtime: user must be numeric uid[:gid], got ${user}`);
  return { uid: u, gid: g };
}

/** The file a parked container's worker waits for, in its workspace (see parked.ts). */
export const identityFileName = (containerName: string) => `.hive-identity-${containerName}.json`;
/** The identity file, or the temporary file it is written to first (writeIdentityFile). */
const IDENTITY_FILE = /^\.\.?hive-identity-.*\.json(\.[0-9a-f]+\.tmp)?$/;

export function volumeName(agentId: string): string {
  return `hive-ws-${agentId}`;
}

export class Workspaces {
  readonly warmDir: string;

  constructor(
    readonly kind: WorkspaceKind,
    readonly paths: RuntimePaths,
    private readonly owner: Owner,
    private readonly labels: Record<string, string>,
  ) {
    this.warmDir = join(paths.workspacesDir, '.warm');
  }

  async ensure(): Promise<void> {
    await this.paths.ensure();
    if (this.kind === 'bind') await mkdir(this.warmDir, { recursive: true, mode: 0o700 });
  }

  /** The mount for an agent's container, creating the directory first for a bind mount. */
  async mountFor(agentId: string): Promise<Docker.MountSettings> {
    if (this.kind === 'volume') {
      return {
        Type: 'volume',
        Source: volumeName(agentId),
        Target: CONTAINER_WORKSPACE,
        // Created on first use, filled from the image's /workspace (owned by the agent user).
        VolumeOptions: { NoCopy: false, Labels: { ...this.labels, 'hive.agent.id': agentId }, DriverConfig: { Name: 'local', Options: {} } },
      };
    }
    const dir = this.paths.workspace(agentId);
    await this.prepareDir(dir);
    return { Type: 'bind', Source: dir, Target: CONTAINER_WORKSPACE };
  }

  warmPath(containerName: string): string {
    return join(this.warmDir, containerName);
  }

  async warmMount(containerName: string): Promise<Docker.MountSettings> {
    if (this.kind !== 'bind') throw new AppError('UNAVAILABLE', 'warm start needs bind-mounted workspaces (the hub and the Docker Engine on one machine)');
    const dir = this.warmPath(containerName);
    await this.prepareDir(dir);
    return { Type: 'bind', Source: dir, Target: CONTAINER_WORKSPACE };
  }

  /**
   * Gives a parked container's directory to the agent: what the agent's workspace already
   * holds (from earlier runs) moves into it first, then it takes the agent's path. Renames on
   * one filesystem: instant, whatever the workspace's size.
   */
  async handOver(containerName: string, agentId: string): Promise<void> {
    const warm = this.warmPath(containerName);
    const target = this.paths.workspace(agentId);
    const existing = await readdir(target).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    if (existing) {
      for (const entry of existing) {
        // An identity a worker never read (it died first) holds an old token: not carried over.
        if (IDENTITY_FILE.test(entry)) {
          await rm(join(target, entry), { force: true });
          continue;
        }
        await rm(join(warm, entry), { recursive: true, force: true });
        await rename(join(target, entry), join(warm, entry));
      }
      await rmdir(target);
    }
    await rename(warm, target);
  }

  /** Into the agent's (bind) workspace, owned by the container user and readable by it alone. */
  async writeIdentity(agentId: string, fileName: string, env: Record<string, string>): Promise<void> {
    await writeIdentityFile(join(this.paths.workspace(agentId), fileName), env, this.owner);
  }

  async removeWarm(containerName: string): Promise<void> {
    if (this.kind === 'bind') await rm(this.warmPath(containerName), { recursive: true, force: true });
  }

  /** Warm directories whose container is gone (a hub that died mid-way). */
  async removeStaleWarm(keep: ReadonlySet<string>): Promise<void> {
    if (this.kind !== 'bind') return;
    for (const entry of await readdir(this.warmDir).catch(() => [] as string[])) {
      if (!keep.has(entry)) await rm(join(this.warmDir, entry), { recursive: true, force: true });
    }
  }

  /** Owner-only, and owned by the container user: the agent must write, nobody else read. */
  private async prepareDir(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const info = await stat(dir);
    if (info.uid === this.owner.uid && info.gid === this.owner.gid) return;
    try {
      await chown(dir, this.owner.uid, this.owner.gid);
    } catch (err) {
      throw new AppError(
        'UNAVAILABLE',
        `cannot give workspace ${dir} to the container user ${this.owner.uid}:${this.owner.gid} (${(err as Error).message}); ` +
          'run the hub as root or as that user, or use volume workspaces',
      );
    }
  }
}
