/**
 * CPU and memory of an agent pod from metrics.k8s.io (metrics-server). Clusters without it,
 * and pods it has not scraped yet, have no numbers: that is null ("unknown"), never zero.
 */
import type { CustomObjectsApi } from '@kubernetes/client-node';
import { parseQuantity } from './quantity.js';

interface PodMetrics {
  containers?: { name: string; usage?: { cpu?: string; memory?: string } }[];
}

export async function readPodUsage(
  metrics: CustomObjectsApi,
  namespace: string,
  podName: string,
): Promise<{ cpuPercent: number | null; memoryBytes: number } | null> {
  let body: PodMetrics;
  try {
    body = (await metrics.getNamespacedCustomObject({ group: 'metrics.k8s.io', version: 'v1beta1', namespace, plural: 'pods', name: podName })) as PodMetrics;
  } catch {
    // 404 (no metrics yet, or no metrics API), 403 (not granted), 503 (metrics-server down): unknown.
    return null;
  }
  const containers = body.containers ?? [];
  if (containers.length === 0) return null;
  let cores = 0;
  let bytes = 0;
  for (const c of containers) {
    cores += parseQuantity(c.usage?.cpu ?? '0') ?? 0;
    bytes += parseQuantity(c.usage?.memory ?? '0') ?? 0;
  }
  // metrics-server already averages over its window, so one reading gives a rate (% of one core).
  return { cpuPercent: Math.round(cores * 100 * 100) / 100, memoryBytes: Math.round(bytes) };
}
