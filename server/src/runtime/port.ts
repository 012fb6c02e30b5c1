/**
 * The RuntimeDriver port (DESIGN §2): where agent workers run. Adapters: `process` (child
 * processes on this machine, the embedded default), later `docker` and `kubernetes`. All pass
 * one runtime conformance suite.
 *
 * A driver is deliberately simple: start, stop, list, logs, exit notifications and health.
 * Supervision (restart with backoff, fresh tokens) lives in the orchestrator, so it is the
 * same for every runtime.
 */
import type { Runtime } from '../../../shared/index.js';

export interface AgentLaunchSpec {
  agentId: string;
  agentType: string;
  sessionId: string | null;
  /** Environment for the worker: HIVE_HUB_URL, HIVE_AGENT_ID, HIVE_AGENT_TOKEN, model settings... */
  env: Record<string, string>;
}

export interface RuntimeInstance {
  agentId: string;
  runtime: Runtime;
  /** Driver-specific reference: a pid, a container id, a pod name. */
  ref: string;
  startedAt: string;
  state: 'running' | 'exited';
  /** True when this hub found the instance already running (after a hub restart). */
  adopted: boolean;
}

export interface ExitInfo {
  agentId: string;
  ref: string;
  code: number | null;
  signal: string | null;
  /** True when the exit followed a stop() call. */
  expected: boolean;
}

export interface RuntimeHealth {
  status: 'ok' | 'degraded' | 'down';
  detail: string;
  running: number;
}

export interface RuntimeDriver {
  readonly kind: Runtime;
  /** Start a worker for the agent. Rejects (AppError CONFLICT) if one is already running for it. */
  spawn(spec: AgentLaunchSpec): Promise<RuntimeInstance>;
  /** Stop gracefully (SIGTERM or equivalent), force after graceMs. Resolves once it is gone. No-op if not running. */
  stop(agentId: string, graceMs?: number): Promise<void>;
  /**
   * The running instances this driver knows, including ones re-adopted after a hub restart.
   * A worker that died while no driver was watching is simply absent (no onExit is sent for
   * it), so callers reconcile their own records against list() after opening a driver.
   */
  list(): Promise<RuntimeInstance[]>;
  /** The last `tail` lines the worker wrote (stdout and stderr interleaved); still available after it exited. */
  logs(agentId: string, tail?: number): Promise<string[]>;
  /** Called once per unexpected or expected exit. Returns an unsubscribe function. */
  onExit(listener: (info: ExitInfo) => void): () => void;
  health(): Promise<RuntimeHealth>;
  /** CPU (% of one core, null until a second reading) and resident memory of a running worker, where known. */
  usage(agentId: string): Promise<{ cpuPercent: number | null; memoryBytes: number } | null>;
  /** Stop watching; running workers keep running (so a restarted hub can adopt them). Safe twice. */
  close(): Promise<void>;
}
