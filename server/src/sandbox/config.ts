/**
 * The validation sandbox's settings from the environment, parsed with zod like server/src/env.ts
 * (README "Configuration"): which runner (HIVE_SANDBOX) and the default limits of a run.
 */
import { z } from 'zod';
import { DEFAULT_SANDBOX_LIMITS, type SandboxLimits } from './port.js';

export type SandboxMode = 'auto' | 'docker' | 'process';

export interface SandboxConfig {
  mode: SandboxMode;
  limits: SandboxLimits;
  /** The Docker runner's image (never pulled; hive-sandbox:dev is built on demand). */
  image?: string;
}

const d = DEFAULT_SANDBOX_LIMITS;

export const SandboxEnvSchema = z.object({
  HIVE_SANDBOX: z.enum(['auto', 'docker', 'process']).default('auto'),
  HIVE_SANDBOX_MEMORY_MB: z.coerce.number().int().min(64).default(d.memoryMb),
  HIVE_SANDBOX_CPUS: z.coerce.number().min(0.05).max(256).default(d.cpus),
  HIVE_SANDBOX_PIDS: z.coerce.number().int().min(16).default(d.pids),
  HIVE_SANDBOX_TIMEOUT_MS: z.coerce.number().int().min(1000).default(d.timeoutMs),
  HIVE_SANDBOX_IMAGE: z.string().min(1).optional(),
});

/** Throws with every bad variable named, like parseEnv. Empty values count as unset. */
export function parseSandboxEnv(source: NodeJS.ProcessEnv = process.env): SandboxConfig {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''));
  const parsed = SandboxEnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    mode: e.HIVE_SANDBOX,
    limits: { memoryMb: e.HIVE_SANDBOX_MEMORY_MB, cpus: e.HIVE_SANDBOX_CPUS, pids: e.HIVE_SANDBOX_PIDS, timeoutMs: e.HIVE_SANDBOX_TIMEOUT_MS },
    ...(e.HIVE_SANDBOX_IMAGE && { image: e.HIVE_SANDBOX_IMAGE }),
  };
}
