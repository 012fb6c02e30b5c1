/**
 * The Docker runtime's settings from the environment (HIVE_RUNTIME=docker), parsed with zod
 * like server/src/env.ts, and the one call that opens the runtime: a DockerDriver, wrapped in
 * a warm pool when HIVE_WARM_POOL asks for one. See docker/README.md for the table.
 */
import { z } from 'zod';
import { DockerDriver, type DockerDriverOptions } from '../docker.js';
import type { RuntimeDriver } from '../port.js';
import { WarmPoolDriver } from '../warm-pool.js';

const WARM_POOL_ENTRY = /^([A-Za-z0-9][A-Za-z0-9_.-]{0,63})=(\d{1,3})$/;

/** `backend=2,qa=1` → { backend: 2, qa: 1 }. */
export function parseWarmPool(text: string): Record<string, number> {
  const sizes: Record<string, number> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const match = WARM_POOL_ENTRY.exec(part);
    if (!match) throw new Error(`"${part}" is not <agentType>=<count>`);
    sizes[match[1]!] = Number(match[2]);
  }
  return sizes;
}

export const DockerRuntimeEnvSchema = z.object({
  /** unix:///var/run/docker.sock, tcp://host:2375, https://host:2376. Unset: DOCKER_HOST, else the local socket. */
  HIVE_DOCKER_HOST: z
    .string()
    .regex(/^(unix|tcp|http|https|ssh):\/\//, 'must start with unix://, tcp://, http://, https:// or ssh://')
    .optional(),
  HIVE_DOCKER_IMAGE: z.string().min(1).default('hive-agent:dev'),
  HIVE_DOCKER_NETWORK: z.string().min(1).default('host'),
  HIVE_DOCKER_MEMORY_MB: z.coerce.number().int().min(64).default(1024),
  HIVE_DOCKER_CPUS: z.coerce.number().min(0.05).max(256).default(1),
  HIVE_DOCKER_PIDS_LIMIT: z.coerce.number().int().min(16).default(512),
  HIVE_DOCKER_WORKSPACE: z.enum(['bind', 'volume']).optional(),
  HIVE_DOCKER_SCOPE: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, ".", "_" or "-"').default('hive'),
  HIVE_WARM_POOL: z
    .string()
    .default('')
    .transform((text, ctx) => {
      try {
        return parseWarmPool(text);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),
});

export interface DockerRuntimeConfig {
  driver: Omit<DockerDriverOptions, 'dataDir'>;
  /** Parked containers per agent type; empty for no warm pool. */
  warmPool: Record<string, number>;
}

/** Throws with every bad variable named, like parseEnv. Empty values count as unset. */
export function parseDockerRuntimeEnv(source: NodeJS.ProcessEnv = process.env): DockerRuntimeConfig {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''));
  const parsed = DockerRuntimeEnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid Docker runtime configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    driver: {
      ...(e.HIVE_DOCKER_HOST && { host: e.HIVE_DOCKER_HOST }),
      image: e.HIVE_DOCKER_IMAGE,
      network: e.HIVE_DOCKER_NETWORK,
      memoryBytes: e.HIVE_DOCKER_MEMORY_MB * 1024 * 1024,
      nanoCpus: Math.round(e.HIVE_DOCKER_CPUS * 1e9),
      pidsLimit: e.HIVE_DOCKER_PIDS_LIMIT,
      ...(e.HIVE_DOCKER_WORKSPACE && { workspace: e.HIVE_DOCKER_WORKSPACE }),
      scope: e.HIVE_DOCKER_SCOPE,
    },
    warmPool: e.HIVE_WARM_POOL,
  };
}

export interface DockerRuntime {
  /** What the hub hands to the orchestrator: the driver, or the warm pool around it. */
  driver: RuntimeDriver;
  /** The Docker driver itself, for what only it does: exec (debugging) and reapOrphans. */
  docker: DockerDriver;
  /** The warm pool, when one is configured: drain() it on a shutdown that stops agents. */
  pool: WarmPoolDriver | null;
}

/**
 * Opens the Docker runtime for a hub: the driver (adopting what a previous hub left running)
 * and, when configured and possible, the warm pool around it.
 */
export async function openDockerRuntime(dataDir: string, config: DockerRuntimeConfig, log: (line: string) => void = console.warn): Promise<DockerRuntime> {
  const docker = await DockerDriver.open({ ...config.driver, dataDir, log });
  const wantsPool = Object.values(config.warmPool).some((n) => n > 0);
  if (!wantsPool) return { driver: docker, docker, pool: null };
  if (!docker.supportsWarmStart) {
    log('runtime(docker): HIVE_WARM_POOL is ignored: warm starts need bind-mounted workspaces (HIVE_DOCKER_WORKSPACE=bind, hub and Engine on one machine)');
    return { driver: docker, docker, pool: null };
  }
  const pool = new WarmPoolDriver(docker, { sizes: config.warmPool, log });
  return { driver: pool, docker, pool };
}
