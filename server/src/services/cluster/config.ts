/**
 * The cluster's settings from the environment (HIVE_CLUSTER_*), parsed with zod at boot like
 * server/src/env.ts: how often targets are probed, how long a heartbeat lives, after how many
 * failed probes a target is down, and the capacity of the hub's configured runtime.
 */
import { z } from 'zod';

const ClusterEnvSchema = z.object({
  HIVE_CLUSTER_PROBE_MS: z.coerce.number().int().min(50).max(600_000).default(5_000),
  /** Default: three probe intervals. */
  HIVE_CLUSTER_HEARTBEAT_TTL_MS: z.coerce.number().int().min(100).max(3_600_000).optional(),
  HIVE_CLUSTER_DOWN_AFTER: z.coerce.number().int().min(1).max(100).default(3),
  HIVE_CLUSTER_PROBE_TIMEOUT_MS: z.coerce.number().int().min(50).max(120_000).default(5_000),
  /** Most agents on the hub's configured runtime (HIVE_RUNTIME); unset = no limit. */
  HIVE_CLUSTER_LOCAL_CAPACITY: z.coerce.number().int().min(1).max(10_000).optional(),
});

export interface ClusterConfig {
  probeMs: number;
  heartbeatTtlMs: number;
  downAfter: number;
  probeTimeoutMs: number;
  localCapacity: number | null;
}

export function parseClusterEnv(source: NodeJS.ProcessEnv = process.env): ClusterConfig {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([k, v]) => k.startsWith('HIVE_CLUSTER_') && v !== ''));
  const parsed = ClusterEnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    probeMs: e.HIVE_CLUSTER_PROBE_MS,
    heartbeatTtlMs: e.HIVE_CLUSTER_HEARTBEAT_TTL_MS ?? 3 * e.HIVE_CLUSTER_PROBE_MS,
    downAfter: e.HIVE_CLUSTER_DOWN_AFTER,
    probeTimeoutMs: e.HIVE_CLUSTER_PROBE_TIMEOUT_MS,
    localCapacity: e.HIVE_CLUSTER_LOCAL_CAPACITY ?? null,
  };
}
