/**
 * What a KubernetesDriver is configured with, its defaults, and the pod settings derived
 * from them.
 */
import type { KubeConfig, V1ResourceRequirements } from '@kubernetes/client-node';
import type { AgentPodSettings } from './pod-manifest.js';

export interface KubernetesDriverOptions {
  kubeConfig: KubeConfig;
  /** Where agent pods and their Secrets live. */
  namespace: string;
  /** The agent worker image. */
  image: string;
  imagePullPolicy?: AgentPodSettings['imagePullPolicy'];
  imagePullSecrets?: string[];
  serviceAccountName?: string;
  resources?: V1ResourceRequirements;
  workspaceSizeLimit?: string;
  tmpSizeLimit?: string;
  command?: string[];
  livenessCommand?: string[];
  /** Grace period for deletions that do not come through stop(). Default 10 s. */
  terminationGracePeriodSeconds?: number;
  /** How long spawn() waits for the pod to run (scheduling, image pull). Default 120 s. */
  startTimeoutMs?: number;
  /** Poll interval while waiting on a pod, besides the watch. Default 1 s. */
  pollIntervalMs?: number;
  /** Log lines kept per worker for logs() once its pod is gone. Default 2000. */
  retainedLogLines?: number;
  /** Server-side timeout of each watch request before it is resumed. Default 300 s. */
  watchTimeoutSeconds?: number;
  /** Reconnect backoff of the watch. Default 250 ms doubling up to 30 s. */
  watchBackoffMs?: { min: number; max: number };
  /** Bound on each API call health() makes. Default 5 s. */
  healthTimeoutMs?: number;
  log?: (msg: string) => void;
}

export const DEFAULT_GRACE_MS = 10_000;
/** After the grace period, how long the kubelet gets to confirm the pod is gone before it is force-deleted. */
export const KILL_WAIT_MS = 30_000;
/** How long an exit waits for the log stream to deliver the worker's last lines. */
export const LOG_SETTLE_MS = 2_000;
const DEFAULT_RESOURCES: V1ResourceRequirements = { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } };

export function podSettings(options: KubernetesDriverOptions): AgentPodSettings {
  return {
    namespace: options.namespace,
    image: options.image,
    imagePullPolicy: options.imagePullPolicy,
    imagePullSecrets: options.imagePullSecrets,
    serviceAccountName: options.serviceAccountName,
    resources: options.resources ?? DEFAULT_RESOURCES,
    workspaceSizeLimit: options.workspaceSizeLimit ?? '2Gi',
    tmpSizeLimit: options.tmpSizeLimit ?? '256Mi',
    terminationGracePeriodSeconds: options.terminationGracePeriodSeconds ?? DEFAULT_GRACE_MS / 1000,
    command: options.command,
    livenessCommand: options.livenessCommand,
  };
}
