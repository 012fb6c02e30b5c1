/**
 * The validation sandbox (DESIGN §4): runs a repository's check command against a prepared git
 * worktree on this machine and reports what ran and what was enforced. Two adapters: `docker`
 * (a throwaway hardened container of hive-sandbox:dev) and `process` (a restricted child
 * process, for machines without Docker). `isolation` lists in words what the run actually got,
 * so a reviewer of a proposal sees which guarantees its validation had.
 */
export interface SandboxLimits { memoryMb: number; cpus: number; pids: number; timeoutMs: number }

/** A read-only mount. `sandboxPath` under `/workspace` means "inside the worktree" for both adapters. */
export interface SandboxMount { hostPath: string; sandboxPath: string }

export interface SandboxRunInput {
  workdir: string;                 // host path of the worktree; the only writable place
  command: string;                 // run with /bin/sh -c inside the sandbox, cwd = the worktree
  limits: SandboxLimits;
  readOnlyMounts?: SandboxMount[]; // e.g. node_modules of the repo
  env?: Record<string, string>;
}

export interface SandboxResult {
  runner: 'docker' | 'process';
  isolation: string[];             // what was actually enforced, in words: "no network", "read-only root", "cap-drop ALL", "memory 512 MiB", …
  exitCode: number | null;         // null when the run was killed by the timeout (or never started)
  timedOut: boolean;
  output: string;                  // stdout+stderr interleaved, capped (keep the last ~256 KiB, note truncation)
  durationMs: number;
  /** Bytes the command wrote in all (output keeps only the tail). */
  outputBytes?: number;
  /** The signal that ended the command when it did not exit by itself (a timeout is always SIGKILL). */
  signal?: string;
  /** Docker: the kernel's OOM killer stopped the container (memory limit reached). */
  oomKilled?: boolean;
}

export interface SandboxRunner { readonly kind: 'docker' | 'process'; run(input: SandboxRunInput): Promise<SandboxResult> }

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = { memoryMb: 1024, cpus: 1, pids: 256, timeoutMs: 300_000 };

/** Where the worktree appears inside the Docker sandbox (and the prefix readOnlyMounts use for it). */
export const SANDBOX_WORKSPACE = '/workspace';

/**
 * Variables every run starts with (the given env may override them). The worktree's git
 * directory belongs to the hub's user, not the sandbox user, and git refuses a repository
 * owned by someone else ("dubious ownership"); the sandbox runs untrusted code by design, so
 * that protection has nothing to protect here. GIT_CONFIG_* counts as command-line config,
 * which git honours for safe.directory.
 */
export const SANDBOX_BASE_ENV: Readonly<Record<string, string>> = {
  GIT_CONFIG_COUNT: '1',
  GIT_CONFIG_KEY_0: 'safe.directory',
  GIT_CONFIG_VALUE_0: '*',
};
