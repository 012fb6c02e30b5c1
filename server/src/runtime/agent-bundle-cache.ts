/**
 * The process runtime's prebuilt worker: the agent entry bundled once (agent-bundle.ts) into a
 * cache directory under the driver's data dir, and reused by every spawn and every later hub
 * start while its inputs are unchanged.
 *
 * Layout: <dir>/agent-<sha256 of the bundle, 16 hex>/main.mjs (+ the chunks it imports lazily),
 * and manifest.json naming the current bundle with the identity (path, size, mtime) of every
 * file that went into it. A hub start whose recipe and inputs all still match reuses the bundle
 * without running esbuild (a stat per input); anything else rebuilds. Bundles are
 * content-addressed, so a running worker's files are never rewritten under it, and two hubs
 * building at once produce the same directory.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BUNDLE_MAIN, bundleEntry, type EntryBundle } from './agent-bundle.js';

const MANIFEST = 'manifest.json';
const BUNDLE_DIR = /^agent-[0-9a-f]{16}$/;
/** Older bundles kept beside the current one (a worker just started from one may still be loading its chunks). */
const KEEP_OLDER = 2;
const STALE_TEMPORARY_MS = 10 * 60_000;

export interface BundleCacheOptions {
  /** Directory of the cache; created when missing. */
  dir: string;
  /** Absolute path of the entry to bundle. */
  entry: string;
  /** Bundles the entry; agent-bundle.ts with splitting by default (tests pass a failing or counting one). */
  bundle?: (entry: string) => Promise<EntryBundle>;
  /** What, beyond the inputs, decides the output: the bundler's version and options. */
  recipe?: string;
}

export interface PreparedBundle {
  /** The entry's file: what `node` runs. */
  path: string;
  /** False when an up-to-date bundle from an earlier start was reused. */
  built: boolean;
  ms: number;
}

interface Manifest {
  recipe: string;
  entry: string;
  /** The bundle's directory name under the cache directory. */
  bundle: string;
  /** [path, size, mtimeMs] of every input, as they were when the bundle was written. */
  inputs: Array<[string, number, number]>;
}

/** Returns the path of an up-to-date bundle of the entry, building it if needed. Throws when bundling fails. */
export async function prepareBundle(options: BundleCacheOptions): Promise<PreparedBundle> {
  const started = performance.now();
  const recipe = options.recipe ?? (await defaultRecipe());
  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  const reused = await upToDate(options.dir, options.entry, recipe);
  if (reused) return { path: reused, built: false, ms: Math.round(performance.now() - started) };

  const { files, inputs } = await (options.bundle ?? ((entry) => bundleEntry(entry, { splitting: true })))(options.entry);
  const digest = createHash('sha256');
  for (const file of files) digest.update(`${file.name}\0${file.text}\0`);
  const bundle = `agent-${digest.digest('hex').slice(0, 16)}`;
  await writeBundleDir(join(options.dir, bundle), files);
  const manifest: Manifest = { recipe, entry: options.entry, bundle, inputs: await identities(inputs) };
  await writeAtomically(join(options.dir, MANIFEST), `${JSON.stringify(manifest)}\n`);
  await pruneOlder(options.dir, bundle);
  return { path: join(options.dir, bundle, BUNDLE_MAIN), built: true, ms: Math.round(performance.now() - started) };
}

/** The current bundle's path when the recipe, the entry and every input are as recorded; null otherwise. */
async function upToDate(dir: string, entry: string, recipe: string): Promise<string | null> {
  const manifest = await readManifest(dir);
  if (!manifest || manifest.recipe !== recipe || manifest.entry !== entry) return null;
  const path = join(dir, manifest.bundle, BUNDLE_MAIN);
  if (!(await stat(path).catch(() => null))?.isFile()) return null;
  const now = await identities(manifest.inputs.map(([input]) => input));
  const same = now.every(([, size, mtime], i) => size === manifest.inputs[i]![1] && mtime === manifest.inputs[i]![2]);
  return same ? path : null;
}

async function readManifest(dir: string): Promise<Manifest | null> {
  try {
    const value = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')) as Partial<Manifest>;
    const ok =
      typeof value.recipe === 'string' && typeof value.entry === 'string' &&
      typeof value.bundle === 'string' && BUNDLE_DIR.test(value.bundle) && Array.isArray(value.inputs);
    return ok ? (value as Manifest) : null;
  } catch {
    return null;
  }
}

/** A missing input gets size -1, so it never matches a recorded one. */
async function identities(paths: string[]): Promise<Array<[string, number, number]>> {
  return Promise.all(
    paths.map(async (path): Promise<[string, number, number]> => {
      const info = await stat(path).catch(() => null);
      return info ? [path, info.size, info.mtimeMs] : [path, -1, -1];
    }),
  );
}

/** The esbuild version and this module's sibling that holds the options, plus the Node target. */
async function defaultRecipe(): Promise<string> {
  const { version } = await import('esbuild');
  const options = await readFile(new URL('./agent-bundle.ts', import.meta.url), 'utf8').catch(() => '');
  return createHash('sha256').update(`esbuild ${version}\0node ${process.version}\0`).update(options).digest('hex');
}

/**
 * Written under a temporary name, then renamed into place whole. Content-addressed: when the
 * directory exists already (an earlier build whose manifest was lost, another hub), it holds
 * these very files.
 */
async function writeBundleDir(path: string, files: EntryBundle['files']): Promise<void> {
  if ((await stat(join(path, BUNDLE_MAIN)).catch(() => null))?.isFile()) return;
  const temporary = `${path}.${randomUUID()}.tmp`;
  try {
    await mkdir(temporary, { mode: 0o700 });
    for (const file of files) await writeFile(join(temporary, file.name), file.text, { mode: 0o600 });
    await rm(path, { recursive: true, force: true });
    await rename(temporary, path);
  } catch (err) {
    await rm(temporary, { recursive: true, force: true });
    if ((await stat(join(path, BUNDLE_MAIN)).catch(() => null))?.isFile()) return;
    throw err;
  }
}

/** Temporary name, then rename: a reader sees the old file or the whole new one, never half. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, text, { mode: 0o600 });
    await rename(temporary, path);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
}

/**
 * Keeps the current bundle and the newest few others, and removes temporary files a crash left
 * (only old ones: a young one may be another hub's write in progress).
 */
async function pruneOlder(dir: string, current: string): Promise<void> {
  const files = await Promise.all(
    (await readdir(dir)).map(async (name) => ({ name, mtime: (await stat(join(dir, name)).catch(() => null))?.mtimeMs ?? 0 })),
  );
  const older = files.filter((f) => BUNDLE_DIR.test(f.name) && f.name !== current).sort((a, b) => b.mtime - a.mtime);
  const crashed = files.filter((f) => f.name.endsWith('.tmp') && Date.now() - f.mtime > STALE_TEMPORARY_MS);
  for (const { name } of [...older.slice(KEEP_OLDER), ...crashed]) await rm(join(dir, name), { recursive: true, force: true });
}
