/**
 * The stand-in runs no containers. A "program" plays the part of the process in a
 * container: the kubelet hands it the container's resolved environment and filesystem view,
 * it writes log lines and exits with a code, and the kubelet delivers SIGTERM and SIGKILL to
 * it. Tests choose a program per image (`programs` option); unknown images get the idle one.
 */

export interface ContainerContext {
  namespace: string;
  podName: string;
  containerName: string;
  image: string;
  /** The environment as the kubelet resolved it (secretKeyRef values included). */
  env: Record<string, string>;
  /** `workingDir`, or `/` when the container spec sets none. */
  workingDir: string;
  /** PID inside the container's PID namespace: the entry point is 1. */
  pid: number;
  /** True when a write to `path` would succeed: under a writable mount, or the root filesystem is writable. */
  isWritable(path: string): boolean;
  stdout(text: string): void;
  stderr(text: string): void;
  /** The process exits by itself with this code. */
  exit(code: number): void;
}

export interface ContainerProcess {
  /** SIGTERM from the kubelet (graceful deletion). The program may exit, or ignore it. */
  terminate(): void;
  /** SIGKILL: the process is gone; the program must stop its timers. */
  kill(): void;
  /** What metrics-server would report for it. */
  usage(): { cpuNanoCores: number; memoryBytes: number };
}

export type ContainerProgram = (context: ContainerContext) => ContainerProcess;

/** Prints nothing, exits 0 on SIGTERM: a `sleep infinity` with a signal handler. */
export const idleProgram: ContainerProgram = (ctx) => {
  let alive = true;
  return {
    terminate: () => {
      if (alive) ctx.exit(0);
      alive = false;
    },
    kill: () => {
      alive = false;
    },
    usage: () => ({ cpuNanoCores: 0, memoryBytes: 4 * 1024 * 1024 }),
  };
};
