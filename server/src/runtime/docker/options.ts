/** The Docker driver's options and their defaults. */
import type Docker from 'dockerode';
import { DEFAULT_MAX_LOG_BYTES } from '../log-rotation.js';
import type { DockerConnection } from './connection.js';
import type { ContainerLimits } from './container-spec.js';
import type { WorkspaceKind } from './workspace.js';

export interface DockerDriverOptions extends DockerConnection {
  /** Root of the driver's state on this machine: archived logs and (bind mode) workspaces. */
  dataDir: string;
  /** Default `hive-agent:dev` (scripts/build-images.mjs). Never pulled: it must be on the host. */
  image?: string;
  /** Overrides the image's CMD (the entrypoint is node). */
  command?: string[];
  /** Label value separating hubs (or test runs) that share an Engine. Default `hive`. */
  scope?: string;
  /** Docker NetworkMode. Default `host` (workers reach a hub on 127.0.0.1). */
  network?: string;
  /** Default 1 GiB (no swap on top). */
  memoryBytes?: number;
  /** Default 1e9: one CPU. */
  nanoCpus?: number;
  /** Default 512 processes. */
  pidsLimit?: number;
  /** Size of the private /tmp. Default 64 MiB (counted in the memory limit). */
  tmpfsBytes?: number;
  /** Default `10001:10001`, the image's hive user. */
  user?: string;
  /** docker-init as PID 1. Default true. */
  init?: boolean;
  /** Default `bind` for a local Engine, `volume` for a remote host. */
  workspace?: WorkspaceKind;
  /** How often container states are reconciled (a safety net under the event stream). Default 5 s. */
  watchIntervalMs?: number;
  /** Cap on a container's Engine log and on the archived log. Default 5 MiB. */
  maxLogBytes?: number;
  /** An already connected client (tests, or a shared one). */
  docker?: Docker;
  log?: (line: string) => void;
}

/** Limits and hardening for the driver's containers, defaults filled in. */
export function containerLimits(options: DockerDriverOptions): ContainerLimits {
  return {
    user: options.user ?? '10001:10001',
    memoryBytes: options.memoryBytes ?? 1024 ** 3,
    nanoCpus: options.nanoCpus ?? 1e9,
    pidsLimit: options.pidsLimit ?? 512,
    tmpfsBytes: options.tmpfsBytes ?? 64 * 1024 ** 2,
    network: options.network ?? 'host',
    init: options.init ?? true,
    maxLogBytes: options.maxLogBytes ?? DEFAULT_MAX_LOG_BYTES,
  };
}

/** Bind mounts need the Engine to see this machine's disk: only a local Engine does. */
export function workspaceKind(options: DockerDriverOptions): WorkspaceKind {
  const remote = options.host !== undefined && !options.host.startsWith('unix:');
  return options.workspace ?? (remote ? 'volume' : 'bind');
}
