/**
 * Parked workers and liveness, for container runtimes (README "Docker runtime").
 *
 * A warm pool starts containers before anyone knows which agent they will be. A container's
 * environment is fixed when it starts, so a parked worker starts without an identity and
 * waits for a small file that the runtime driver delivers at claim time (the Docker driver
 * writes it into the workspace directory the container shares with this machine, under a
 * name unique to that container): `{ "version": 1, "env": { "HIVE_AGENT_ID": …,
 * "HIVE_AGENT_TOKEN": …, "HIVE_HUB_URL": …, … } }`. The worker reads it, deletes it, merges
 * it into its environment and then starts as if it had been given that environment at launch.
 *
 * The liveness file is what the image's HEALTHCHECK reads: the worker touches it from its
 * event loop, so a worker whose loop is stuck (or that died) turns the container unhealthy.
 *
 * Environment:
 *   HIVE_WAIT_FOR_IDENTITY=<path>   parked mode: wait for the identity file at <path>
 *   HIVE_LIVENESS_FILE=<path>       touch <path> every HIVE_LIVENESS_INTERVAL_MS (default 5000)
 */
import { randomBytes } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { open, readFile, rename, stat, unlink, utimes } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

export const IDENTITY_FILE_VERSION = 1;
export const DEFAULT_LIVENESS_INTERVAL_MS = 5_000;
/** Environment variable names the identity may set: plain shell names only. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const POLL_MS = 100;

export interface IdentityFile {
  version: typeof IDENTITY_FILE_VERSION;
  env: Record<string, string>;
}

/** Checks an identity document; throws with the reason when it is not one. */
export function parseIdentity(text: string): IdentityFile {
  const doc: unknown = JSON.parse(text);
  if (typeof doc !== 'object' || doc === null) throw new Error('identity: not a JSON object');
  const { version, env } = doc as { version?: unknown; env?: unknown };
  if (version !== IDENTITY_FILE_VERSION) throw new Error(`identity: unsupported version ${String(version)}`);
  if (typeof env !== 'object' || env === null || Array.isArray(env)) throw new Error('identity: env must be an object');
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (!ENV_NAME.test(key)) throw new Error(`identity: bad variable name ${JSON.stringify(key)}`);
    if (typeof value !== 'string') throw new Error(`identity: ${key} must be a string`);
    out[key] = value;
  }
  if (!out.HIVE_AGENT_ID) throw new Error('identity: HIVE_AGENT_ID is missing');
  return { version: IDENTITY_FILE_VERSION, env: out };
}

/**
 * Writes the identity atomically (a private temporary file renamed into place), so the
 * waiting worker never reads half a file. Owner-only: it holds the agent's token. `owner`:
 * whose file it is (the container user, when the hub writes it into a worker's workspace).
 */
export async function writeIdentityFile(path: string, env: Record<string, string>, owner?: { uid: number; gid: number }): Promise<void> {
  const doc: IdentityFile = parseIdentity(JSON.stringify({ version: IDENTITY_FILE_VERSION, env }));
  const temporary = `${dirname(path)}/.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`;
  const file = await open(temporary, 'wx', 0o600);
  try {
    await file.writeFile(JSON.stringify(doc));
    if (owner) await file.chown(owner.uid, owner.gid);
  } finally {
    await file.close();
  }
  await rename(temporary, path);
}

/** A writer that does not rename into place can be caught mid-write: unparsable JSON is read again for this long. */
const PARTIAL_WRITE_GRACE_MS = 2_000;

/**
 * Resolves with the identity once the file appears, and removes the file (the token must not
 * linger where a tool the agent runs could read it later). Wakes on a directory watch, with a
 * poll as the fallback where watching is not possible.
 */
export async function waitForIdentity(path: string, signal?: AbortSignal): Promise<IdentityFile> {
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  let wake: () => void = () => undefined;
  let unparsableSince: number | null = null;
  try {
    try {
      watcher = watch(dirname(path), () => wake());
      watcher.on('error', () => undefined);
    } catch {
      // No inotify here: the poll below still finds the file.
    }
    for (;;) {
      signal?.throwIfAborted();
      const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return null;
        throw err;
      });
      if (text !== null) {
        try {
          const identity = parseIdentity(text);
          await unlink(path).catch(() => undefined);
          return identity;
        } catch (err) {
          if (!(err instanceof SyntaxError)) throw err;
          unparsableSince ??= Date.now();
          if (Date.now() - unparsableSince > PARTIAL_WRITE_GRACE_MS) throw err;
        }
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, POLL_MS);
      });
      clearTimeout(timer);
    }
  } finally {
    clearTimeout(timer);
    watcher?.close();
  }
}

/**
 * Touches the liveness file now and then every `intervalMs` from the event loop. The timer is
 * unref'd: liveness never keeps a worker alive. Returns a function that stops it.
 */
export function startLivenessBeacon(path: string, intervalMs = DEFAULT_LIVENESS_INTERVAL_MS): () => void {
  const touch = async () => {
    const now = new Date();
    try {
      await utimes(path, now, now);
    } catch {
      const file = await open(path, 'a', 0o600).catch(() => null);
      await file?.close();
    }
  };
  void touch();
  const timer = setInterval(() => void touch(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** For the HEALTHCHECK: how stale the liveness file is, or null when it does not exist. */
export async function livenessAgeMs(path: string, now = Date.now()): Promise<number | null> {
  const info = await stat(path).catch(() => null);
  return info ? Math.max(0, now - info.mtimeMs) : null;
}

export interface PreparedIdentity {
  /** True when the worker was parked and received its identity from the driver. */
  parked: boolean;
  /** How long it waited for the identity, in milliseconds (0 when not parked). */
  waitedMs: number;
}

/**
 * Call first thing in a worker, before reading its environment: starts the liveness beacon
 * when HIVE_LIVENESS_FILE is set and, in parked mode (HIVE_WAIT_FOR_IDENTITY), waits for the
 * identity and merges it into `env` (process.env by default). Without either variable it
 * returns at once, so the same worker runs unchanged under the process runtime.
 */
export async function prepareWorkerIdentity(env: NodeJS.ProcessEnv = process.env, signal?: AbortSignal): Promise<PreparedIdentity> {
  const livenessFile = env.HIVE_LIVENESS_FILE;
  if (livenessFile) {
    const interval = Number(env.HIVE_LIVENESS_INTERVAL_MS);
    startLivenessBeacon(livenessFile, Number.isInteger(interval) && interval >= 100 ? interval : DEFAULT_LIVENESS_INTERVAL_MS);
  }
  const identityPath = env.HIVE_WAIT_FOR_IDENTITY;
  if (!identityPath) return { parked: false, waitedMs: 0 };
  const started = performance.now();
  const identity = await waitForIdentity(identityPath, signal);
  delete env.HIVE_WAIT_FOR_IDENTITY;
  Object.assign(env, identity.env);
  return { parked: true, waitedMs: Math.round(performance.now() - started) };
}
