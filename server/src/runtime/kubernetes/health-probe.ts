/**
 * health() for the Kubernetes runtime: is the API server reachable at all (`GET /api`,
 * allowed to every authenticated client), may the hub list agent pods in its namespace (its
 * RBAC), and is the pod watch — how exits are seen — connected. Each call is time-boxed so a
 * hanging API server reads as "down", not as a health check that never answers.
 */
import type { CoreApi, CoreV1Api } from '@kubernetes/client-node';
import type { RuntimeHealth } from '../port.js';
import { describeKubeError } from './api-errors.js';
import { AGENT_POD_SELECTOR } from './names.js';

export interface HealthProbeInput {
  core: CoreApi;
  coreV1: CoreV1Api;
  namespace: string;
  running: number;
  watch: { connected: boolean; error: string | null } | null;
  timeoutMs: number;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function probeHealth(input: HealthProbeInput): Promise<RuntimeHealth> {
  const { running, namespace } = input;
  try {
    await withTimeout(input.core.getAPIVersions(), input.timeoutMs);
  } catch (err) {
    return { status: 'down', detail: `the Kubernetes API is unreachable: ${describeKubeError(err)}`, running };
  }
  try {
    await withTimeout(input.coreV1.listNamespacedPod({ namespace, labelSelector: AGENT_POD_SELECTOR, limit: 1 }), input.timeoutMs);
  } catch (err) {
    return { status: 'degraded', detail: `cannot list agent pods in namespace ${namespace}: ${describeKubeError(err)}`, running };
  }
  if (!input.watch?.connected) {
    return { status: 'degraded', detail: `the watch on agent pods is reconnecting${input.watch?.error ? ` (${input.watch.error})` : ''}`, running };
  }
  return { status: 'ok', detail: `${running} agent pod(s) running in namespace ${namespace}`, running };
}
