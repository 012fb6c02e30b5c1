/**
 * The Docker sandbox: every run is a throwaway container of hive-sandbox:dev with no network,
 * a read-only root (writable: the worktree at /workspace and a tmpfs at /tmp), every capability
 * dropped, no-new-privileges, an unprivileged user and memory/CPU/PID limits; killed at the
 * timeout and always removed. The worktree is bind-mounted, so the Engine must run on this
 * machine (a remote Engine cannot see the hub's files).
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Writable } from 'node:stream';
import type Docker from 'dockerode';
import { connectDocker, describeConnection, type DockerConnection } from '../runtime/docker/connection.js';
import { dockerMessage, isConflict, isNotFound, isNotModified } from '../runtime/docker/errors.js';
import { buildImages, IMAGES } from '../runtime/docker/image-build.js';
import { checkRunInput, prepareMountPoints } from './input.js';
import { OutputTail } from './output-tail.js';
import { lendWorktree, type Owner } from './ownership.js';
import { SANDBOX_BASE_ENV, SANDBOX_WORKSPACE, type SandboxResult, type SandboxRunInput, type SandboxRunner } from './port.js';

export const SANDBOX_IMAGE = IMAGES.sandbox.tag;
/** The image's unprivileged user (docker/sandbox.Dockerfile). */
export const SANDBOX_IMAGE_USER: Owner = { uid: 10001, gid: 10001 };
export const SANDBOX_LABEL = 'hive.sandbox';
/** Which hub process started a sandbox container, so a later hub can clear out what a dead one left. */
const OWNER_LABEL = 'hive.sandbox.owner';

export interface DockerSandboxOptions {
  /** A local Engine (default: DOCKER_HOST, else /var/run/docker.sock). */
  connection?: DockerConnection;
  image?: string;
  /** Build hive-sandbox:dev with scripts' builder when it is missing. Default true. */
  buildMissingImage?: boolean;
  /** Size of the private /tmp (counts against the memory limit). Default 256 MiB. */
  tmpfsMb?: number;
  /** How long to wait for the Engine to answer a ping. Default 3 s. */
  pingTimeoutMs?: number;
  log?: (line: string) => void;
}

/** After the container stopped, its attach stream delivers what is left within moments. */
const STREAM_DRAIN_MS = 5_000;

export class DockerSandboxRunner implements SandboxRunner {
  readonly kind = 'docker' as const;
  readonly image: string;
  private readonly docker: Docker;
  private readonly tmpfsMb: number;
  private imageReady: Promise<void> | null = null;

  constructor(private readonly options: DockerSandboxOptions = {}) {
    this.docker = connectDocker(options.connection);
    this.image = options.image ?? SANDBOX_IMAGE;
    this.tmpfsMb = options.tmpfsMb ?? 256;
  }

  /** Whether this runner can run: the Engine answers and the image exists or was just built. */
  async available(): Promise<{ ok: true } | { ok: false; reason: string }> {
    try {
      await this.ping();
      await this.ensureImage();
      return { ok: true };
    } catch (err) {
      return { ok: false, reason: (err as Error).message };
    }
  }

  async ping(): Promise<void> {
    const where = describeConnection(this.options.connection);
    const timeoutMs = this.options.pingTimeoutMs ?? 3_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, fail) => {
      timer = setTimeout(() => fail(new Error(`the Docker Engine at ${where} did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.docker.ping(), timeout]);
    } catch (err) {
      throw new Error(`the Docker Engine at ${where} is not reachable: ${dockerMessage(err)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Inspects the image once; builds hive-sandbox:dev when it is missing (and allowed). A failure is retried next time. */
  ensureImage(): Promise<void> {
    this.imageReady ??= this.prepareImage().catch((err: unknown) => {
      this.imageReady = null;
      throw err;
    });
    return this.imageReady;
  }

  private async prepareImage(): Promise<void> {
    const found = await this.docker
      .getImage(this.image)
      .inspect()
      .then(() => true)
      .catch((err: unknown) => {
        if (isNotFound(err)) return false;
        throw new Error(`cannot inspect the sandbox image ${this.image}: ${dockerMessage(err)}`);
      });
    if (found) return;
    const hint = 'build it with `node scripts/build-images.mjs sandbox`';
    if (this.image !== SANDBOX_IMAGE || this.options.buildMissingImage === false) throw new Error(`the sandbox image ${this.image} is missing; ${hint}`);
    this.options.log?.(`sandbox image ${this.image} is missing; building it`);
    try {
      await buildImages(['sandbox'], { docker: this.docker, log: this.options.log });
    } catch (err) {
      throw new Error(`the sandbox image ${this.image} is missing and could not be built (${(err as Error).message}); ${hint}`);
    }
  }

  /**
   * Removes sandbox containers whose hub process died mid-run (on this machine; a container of
   * a live hub, or of another machine sharing the Engine, is left alone). Returns how many.
   */
  async removeLeftovers(): Promise<number> {
    const filters = JSON.stringify({ label: [`${SANDBOX_LABEL}=true`] });
    const containers = await this.docker.listContainers({ all: true, filters } as Docker.ContainerListOptions);
    let removed = 0;
    for (const info of containers) {
      const [host, pid] = (info.Labels[OWNER_LABEL] ?? '').split('/');
      if (host !== hostname() || !pid || isAlive(Number(pid))) continue;
      await this.docker
        .getContainer(info.Id)
        .remove({ force: true, v: true })
        .then(() => removed++)
        .catch((err: unknown) => {
          if (!isNotFound(err)) throw err;
        });
    }
    return removed;
  }

  async run(input: SandboxRunInput): Promise<SandboxResult> {
    await checkRunInput(input);
    await this.ensureImage();
    const mounts = input.readOnlyMounts ?? [];
    const { user, userWords } = this.sandboxUser();
    const removeMountPoints = await prepareMountPoints(input.workdir, mounts);
    const giveBack = user ? await lendWorktree(input.workdir, user) : async () => undefined;
    const { limits } = input;
    const isolation = [
      `docker container of ${this.image}, removed after the run`,
      'no network (NetworkMode none)',
      `read-only root; writable only the worktree at ${SANDBOX_WORKSPACE} and a ${this.tmpfsMb} MiB tmpfs at /tmp`,
      'cap-drop ALL',
      'no-new-privileges',
      userWords,
      `memory ${limits.memoryMb} MiB (no swap)`,
      `cpus ${limits.cpus}`,
      `pids ${limits.pids}`,
      `timeout ${limits.timeoutMs} ms, then SIGKILL`,
      'environment: the image defaults, git\'s safe.directory and the variables given, nothing from the hub',
      ...mounts.map((m) => `read-only mount ${m.hostPath} at ${m.sandboxPath}`),
    ];
    try {
      return { runner: 'docker', isolation, ...(await this.runContainer(input, user)) };
    } finally {
      // The Engine has released the bind mounts once the container is removed (in runContainer).
      await giveBack();
      await removeMountPoints();
    }
  }

  /** Root hubs hand the worktree to the image's user; others run the container as themselves (already the owner). */
  private sandboxUser(): { user: Owner | null; userWords: string } {
    const uid = process.getuid?.() ?? 0;
    if (uid === 0) return { user: SANDBOX_IMAGE_USER, userWords: `user ${SANDBOX_IMAGE_USER.uid}:${SANDBOX_IMAGE_USER.gid} (not root; the worktree is lent to it for the run)` };
    const gid = process.getgid?.() ?? uid;
    return { user: null, userWords: `user ${uid}:${gid} (the hub's own unprivileged user)` };
  }

  private async runContainer(input: SandboxRunInput, lent: Owner | null): Promise<Omit<SandboxResult, 'runner' | 'isolation'>> {
    const { limits } = input;
    const user = lent ?? { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
    const memoryBytes = Math.round(limits.memoryMb * 1024 * 1024);
    let container: Docker.Container;
    try {
      container = await this.docker.createContainer({
        name: `hive-sandbox-${randomUUID().slice(0, 12)}`,
        Image: this.image,
        // One pipe for both streams, so stdout and stderr keep the order they were written in.
        Entrypoint: ['/bin/sh', '-c', 'exec /bin/sh -c "$1" 2>&1', 'sh'],
        Cmd: [input.command],
        Env: Object.entries({ ...SANDBOX_BASE_ENV, ...input.env }).map(([key, value]) => `${key}=${value}`),
        Labels: { [SANDBOX_LABEL]: 'true', [OWNER_LABEL]: ownerLabel() },
        User: `${user.uid}:${user.gid}`,
        WorkingDir: SANDBOX_WORKSPACE,
        Tty: false,
        OpenStdin: false,
        AttachStdin: false,
        AttachStdout: true,
        AttachStderr: true,
        NetworkDisabled: true,
        HostConfig: {
          Init: true,
          Privileged: false,
          NetworkMode: 'none',
          ReadonlyRootfs: true,
          Tmpfs: { '/tmp': `rw,nosuid,nodev,size=${this.tmpfsMb}m,mode=1777` },
          CapDrop: ['ALL'],
          SecurityOpt: ['no-new-privileges'],
          Memory: memoryBytes,
          MemorySwap: memoryBytes,
          NanoCpus: Math.round(limits.cpus * 1e9),
          PidsLimit: limits.pids,
          IpcMode: 'private',
          RestartPolicy: { Name: 'no' },
          AutoRemove: false,
          // The output is read from the attach stream; the Engine keeps none of it on disk.
          LogConfig: { Type: 'none', Config: {} },
          Mounts: [
            { Type: 'bind', Source: input.workdir, Target: SANDBOX_WORKSPACE, ReadOnly: false },
            ...(input.readOnlyMounts ?? []).map((m): Docker.MountSettings => ({ Type: 'bind', Source: m.hostPath, Target: m.sandboxPath, ReadOnly: true })),
          ],
        },
      });
    } catch (err) {
      throw new Error(`cannot create a sandbox container of ${this.image}: ${dockerMessage(err)}`);
    }
    try {
      return await this.startAndWait(container, limits.timeoutMs);
    } finally {
      await container.remove({ force: true, v: true }).catch((err: unknown) => {
        if (!isNotFound(err)) this.options.log?.(`could not remove sandbox container ${container.id.slice(0, 12)}: ${dockerMessage(err)}`);
      });
    }
  }

  private async startAndWait(container: Docker.Container, timeoutMs: number): Promise<Omit<SandboxResult, 'runner' | 'isolation'>> {
    const tail = new OutputTail();
    // Attached before start, so not a byte written by the command is missed.
    const stream = (await container.attach({ stream: true, stdout: true, stderr: true })) as NodeJS.ReadableStream;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        tail.push(chunk);
        done();
      },
    });
    this.docker.modem.demuxStream(stream, sink, sink);
    const ended = new Promise<void>((done) => {
      stream.on('end', done);
      stream.on('close', done);
      stream.on('error', () => done());
    });

    const started = performance.now();
    await container.start();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      container.kill({ signal: 'SIGKILL' }).catch((err: unknown) => {
        if (!isConflict(err) && !isNotModified(err) && !isNotFound(err)) this.options.log?.(`could not kill sandbox container: ${dockerMessage(err)}`);
      });
    }, timeoutMs);
    let status: number;
    try {
      ({ StatusCode: status } = (await container.wait()) as { StatusCode: number });
    } finally {
      clearTimeout(timer);
    }
    const durationMs = Math.round(performance.now() - started);
    await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, STREAM_DRAIN_MS))]);
    (stream as unknown as { destroy?: () => void }).destroy?.();
    const state = await container.inspect().then((info) => info.State, () => null);
    const oomKilled = state?.OOMKilled === true;
    return {
      exitCode: timedOut ? null : status,
      timedOut,
      output: tail.text(),
      outputBytes: tail.totalBytes,
      durationMs,
      ...(timedOut || status === 137 ? { signal: 'SIGKILL' } : {}),
      ...(oomKilled && { oomKilled }),
    };
  }
}

function ownerLabel(): string {
  return `${hostname()}/${process.pid}`;
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
