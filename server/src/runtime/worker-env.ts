/**
 * The environment a worker starts with. Never the hub's own environment: it may hold
 * DATABASE_URL, REDIS_URL or API keys, and agents must reach those only through the hub.
 */
import { homedir } from 'node:os';

const FALLBACK_PATH = '/usr/local/bin:/usr/bin:/bin';

/**
 * A minimal base (PATH, HOME, LANG and, when set, TZ and TMPDIR) under the launch spec's env.
 * NODE_OPTIONS is deliberately not carried over: the hub's flags (a debugger, a loader) are not
 * the worker's. The driver's own values win, so the worker always agrees with the driver on
 * who it is and where its workspace is.
 */
export function workerEnvironment(
  specEnv: Record<string, string>,
  agentId: string,
  workspace: string,
  hubEnv: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const base: Record<string, string> = {
    PATH: hubEnv.PATH || FALLBACK_PATH,
    HOME: hubEnv.HOME || homedir(),
    LANG: hubEnv.LANG || 'C.UTF-8',
  };
  for (const optional of ['TZ', 'TMPDIR'] as const) {
    const value = hubEnv[optional];
    if (value) base[optional] = value;
  }
  return { ...base, ...specEnv, HIVE_AGENT_ID: agentId, HIVE_WORKSPACE: workspace };
}
