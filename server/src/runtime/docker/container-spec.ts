/**
 * The create options of an agent container: hardened by default (DESIGN §4's sandbox policy
 * applies to agents too). A non-root user, a read-only root filesystem with a private tmpfs
 * on /tmp, every capability dropped, no-new-privileges, memory (without swap), CPU and
 * process-count limits, an init process that forwards signals and reaps zombies, and never
 * the Docker socket: the only mount is the agent's workspace.
 */
import type Docker from 'dockerode';
import { CONTAINER_WORKSPACE } from './workspace.js';

export interface ContainerLimits {
  /** `uid:gid` the worker runs as. */
  user: string;
  memoryBytes: number;
  /** CPU in billionths of a CPU (1e9 = one CPU). */
  nanoCpus: number;
  pidsLimit: number;
  tmpfsBytes: number;
  /** NetworkMode: `host`, `bridge`, or a network's name. */
  network: string;
  /** Run docker-init as PID 1 (signals forwarded, zombies reaped). */
  init: boolean;
  /** Cap on the Engine's json-file log of one container. */
  maxLogBytes: number;
}

/** What a worker's environment starts from inside the image (never the hub's environment). */
export const CONTAINER_BASE_ENV = { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/tmp', LANG: 'C.UTF-8' };

export function envList(env: Record<string, string>): string[] {
  return Object.entries(env).map(([key, value]) => `${key}=${value}`);
}

export function containerCreateOptions(args: {
  name: string;
  image: string;
  command: string[] | undefined;
  env: Record<string, string>;
  labels: Record<string, string>;
  mount: Docker.MountSettings;
  limits: ContainerLimits;
}): Docker.ContainerCreateOptions {
  const { limits } = args;
  return {
    name: args.name,
    Image: args.image,
    ...(args.command && { Cmd: args.command }),
    Env: envList(args.env),
    Labels: args.labels,
    User: limits.user,
    WorkingDir: CONTAINER_WORKSPACE,
    Tty: false,
    OpenStdin: false,
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    StopSignal: 'SIGTERM',
    HostConfig: {
      Init: limits.init,
      Privileged: false,
      ReadonlyRootfs: true,
      Tmpfs: { '/tmp': `rw,nosuid,nodev,size=${limits.tmpfsBytes},mode=1777` },
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      Memory: limits.memoryBytes,
      MemorySwap: limits.memoryBytes,
      NanoCpus: limits.nanoCpus,
      PidsLimit: limits.pidsLimit,
      IpcMode: 'private',
      NetworkMode: limits.network,
      Mounts: [args.mount],
      // Supervision (restart with backoff, a fresh token) is the orchestrator's, for every runtime.
      RestartPolicy: { Name: 'no' },
      // Kept until the driver has copied its logs; then the driver removes it.
      AutoRemove: false,
      LogConfig: { Type: 'json-file', Config: { 'max-size': `${Math.max(1, Math.ceil(limits.maxLogBytes / 1024))}k`, 'max-file': '2' } },
    },
  };
}
