import { resolve } from 'node:path';
import { z } from 'zod';
import { parseDockerRuntimeEnv, type DockerRuntimeConfig } from './runtime/docker/config.js';
import { parseKubernetesEnv, type KubernetesRuntimeConfig } from './runtime/kubernetes/config.js';
import { parseSandboxEnv, type SandboxConfig } from './sandbox/config.js';
import { parseClusterEnv, type ClusterConfig } from './services/cluster/config.js';

/** Every setting Hive reads, parsed once at boot. README "Configuration" lists the same. */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  HIVE_DATA_DIR: z.string().default('.hive'),
  DATABASE_URL: z.url().optional(),
  HIVE_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  HIVE_SESSION_TTL_HOURS: z.coerce.number().positive().default(24 * 7),
  HIVE_SECURE_COOKIES: z.enum(['auto', 'true', 'false']).default('auto'),
  HIVE_LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(10),
  HIVE_LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(300),
  HIVE_WEB_DIST: z.string().default('web/dist'),
  REDIS_URL: z.url().optional(),
  HIVE_VAPID_SUBJECT: z.string().regex(/^(mailto:|https:)/, 'must start with mailto: or https:').default('mailto:admin@hive.invalid'),
  HIVE_RUNTIME: z.enum(['process', 'docker', 'kubernetes']).default('process'),
  HIVE_SELF_CHECK_COMMAND: z.string().min(1).default('npm run typecheck'),
  HIVE_HUB_URL: z.url().optional(),
  // Other hub replicas agent workers fail over to, comma-separated.
  HIVE_HUB_URLS: z.string().regex(/^https?:\/\/[^,\s]+(,\s*https?:\/\/[^,\s]+)*$/, 'must be comma-separated http(s) URLs').optional(),
  ANTHROPIC_API_KEY: z.string().optional(),
  ANTHROPIC_MODEL: z.string().optional(),
  ANTHROPIC_BASE_URL: z.url().optional(),
});

export type Env = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  adminPassword?: string;
  sessionTtlHours: number;
  secureCookies: 'auto' | 'true' | 'false';
  loginMaxAttempts: number;
  loginWindowSeconds: number;
  webDist: string;
  redisUrl?: string;
  vapidSubject: string;
  runtime: 'process' | 'docker' | 'kubernetes';
  /** Parsed HIVE_DOCKER_* / HIVE_WARM_POOL settings when runtime is docker. */
  docker?: DockerRuntimeConfig;
  /** Parsed HIVE_K8S_* settings when runtime is kubernetes. */
  kubernetes?: KubernetesRuntimeConfig;
  /** HIVE_CLUSTER_*: target probes, heartbeat TTL, down threshold, local capacity. */
  cluster: ClusterConfig;
  /** How agent workers reach this hub; defaults to loopback on PORT. */
  hubUrl?: string;
  /** HIVE_HUB_URLS: other replicas the workers fail over to (comma-separated). */
  hubUrls?: string;
  anthropic: { apiKey?: string; model?: string; baseUrl?: string };
  /** HIVE_SANDBOX and HIVE_SANDBOX_* (server/src/sandbox/config.ts): where proposals' check commands run. */
  sandbox: SandboxConfig;
  /** HIVE_SELF_CHECK_COMMAND: the check proposals to Hive's own repository must pass. */
  selfCheckCommand: string;
};

export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  // Treat empty strings as unset so `DATABASE_URL= npm start` means "use the default".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.HIVE_RUNTIME === 'kubernetes' && !e.HIVE_HUB_URL) {
    throw new Error('Invalid configuration:\n  HIVE_HUB_URL: required with HIVE_RUNTIME=kubernetes (agent pods cannot reach 127.0.0.1)');
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.HIVE_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    adminPassword: e.HIVE_ADMIN_PASSWORD,
    sessionTtlHours: e.HIVE_SESSION_TTL_HOURS,
    secureCookies: e.HIVE_SECURE_COOKIES,
    loginMaxAttempts: e.HIVE_LOGIN_MAX_ATTEMPTS,
    loginWindowSeconds: e.HIVE_LOGIN_WINDOW_SECONDS,
    webDist: resolve(e.HIVE_WEB_DIST),
    redisUrl: e.REDIS_URL,
    vapidSubject: e.HIVE_VAPID_SUBJECT,
    runtime: e.HIVE_RUNTIME,
    kubernetes: e.HIVE_RUNTIME === 'kubernetes' ? parseKubernetesEnv(source) : undefined,
    docker: e.HIVE_RUNTIME === 'docker' ? parseDockerRuntimeEnv(source) : undefined,
    cluster: parseClusterEnv(source),
    hubUrl: e.HIVE_HUB_URL,
    hubUrls: e.HIVE_HUB_URLS,
    anthropic: { apiKey: e.ANTHROPIC_API_KEY, model: e.ANTHROPIC_MODEL, baseUrl: e.ANTHROPIC_BASE_URL },
    sandbox: parseSandboxEnv(source),
    selfCheckCommand: e.HIVE_SELF_CHECK_COMMAND,
  };
}
