/**
 * Builds Hive's container images on a Docker Engine without pulling anything (these machines
 * reach no registry): each image is FROM scratch, with this machine's Node binary and the
 * shared libraries it needs (found with ldd, plus the dynamic loader), a small userland, and
 * the app files bundled with esbuild. Run through `node scripts/build-images.mjs`.
 *
 * Idempotent and fast when up to date: every image carries the label `hive.build.hash`, a hash
 * of its inputs (this recipe, the Dockerfile, the bundles' bytes, the identity of every host file copied
 * in: path, size, mtime, mode, symlink target). When the image already has that hash the
 * build is skipped without preparing a context.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, cp, lstat, mkdir, mkdtemp, open, readdir, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type Docker from 'dockerode';
import { bundleEntry, REPO_ROOT } from '../agent-bundle.js';

const run = promisify(execFile);

export const BUILD_HASH_LABEL = 'hive.build.hash';
export const AGENT_UID = 10001;

/** The shell and tools an agent's `run_command` and git tools use; each with its libraries. */
const USERLAND = [
  '/bin/sh',
  '/usr/bin/dash',
  '/usr/bin/git',
  ...[
    'basename', 'cat', 'chmod', 'cp', 'cut', 'date', 'diff', 'dirname', 'env', 'find', 'grep', 'head', 'id', 'ln', 'ls',
    'mkdir', 'mktemp', 'mv', 'printf', 'pwd', 'realpath', 'rm', 'rmdir', 'sed', 'sleep', 'sort', 'tail', 'tee', 'touch',
    'tr', 'true', 'false', 'uniq', 'wc', 'xargs',
  ].map((tool) => `/usr/bin/${tool}`),
];

export interface ImageDefinition {
  tag: string;
  /** Repository-relative path of the Dockerfile. */
  dockerfile: string;
  /** Host executables copied with their shared libraries (symlinks kept as symlinks). */
  binaries: string[];
  /** Host files and directory trees copied as they are. */
  trees: string[];
  /** Symlinks to create: path in the image → target. */
  links: Record<string, string>;
  /** Context path under app/ → repository-relative entry bundled with esbuild into one ESM file. */
  bundles: Record<string, string>;
  /** Context path under app/ → repository-relative file copied as it is. */
  copies: Record<string, string>;
  /** A line for the image's /etc/hive-image.txt: what it is for. */
  purpose: string;
}

const HEALTHCHECK_ENTRY = { 'healthcheck.mjs': 'server/src/runtime/docker/image-entries/healthcheck.ts' };

const COMMON_TREES = ['/etc/ssl/certs/ca-certificates.crt', '/usr/share/git-core/templates'];

/** The Dockerfiles run /usr/bin/node; a node installed elsewhere gets a link there. */
const NODE_LINK: Record<string, string> = process.execPath === '/usr/bin/node' ? {} : { '/usr/bin/node': process.execPath };
/** npm as installed beside this node (<prefix>/lib/node_modules/npm). */
const NPM_DIR = posix.join(posix.dirname(posix.dirname(process.execPath)), 'lib/node_modules/npm');

export const IMAGES = {
  agent: {
    tag: 'hive-agent:dev',
    dockerfile: 'docker/agent.Dockerfile',
    binaries: [process.execPath, ...USERLAND],
    trees: COMMON_TREES,
    links: { '/usr/lib/git-core/git': '/usr/bin/git', ...NODE_LINK },
    bundles: { 'agent.mjs': 'server/src/agent/main.ts', ...HEALTHCHECK_ENTRY },
    copies: {},
    purpose: 'Hive agent worker: node + the bundled worker (/app/agent.mjs), sh (dash), git and basic file tools',
  },
  sandbox: {
    tag: 'hive-sandbox:dev',
    dockerfile: 'docker/sandbox.Dockerfile',
    binaries: [process.execPath, ...USERLAND],
    trees: [...COMMON_TREES, NPM_DIR],
    links: {
      '/usr/lib/git-core/git': '/usr/bin/git',
      '/usr/bin/npm': `${NPM_DIR}/bin/npm-cli.js`,
      '/usr/bin/npx': `${NPM_DIR}/bin/npx-cli.js`,
      ...NODE_LINK,
    },
    bundles: {},
    copies: {},
    purpose: "Hive validation sandbox: node + npm, sh (dash), git and basic file tools; runs a repository's check command",
  },
  'agent-fixture': {
    tag: 'hive-agent-fixture:dev',
    dockerfile: 'server/src/runtime/__tests__/docker-fixture.Dockerfile',
    binaries: [process.execPath, ...USERLAND],
    trees: COMMON_TREES,
    links: { '/usr/lib/git-core/git': '/usr/bin/git', ...NODE_LINK },
    bundles: {
      'fixture-entry.mjs': 'server/src/runtime/__tests__/docker-fixture-entry.ts',
      'agent-parked.mjs': 'server/src/runtime/__tests__/docker-agent-parked-entry.ts',
      ...HEALTHCHECK_ENTRY,
    },
    copies: { 'fixtures/fixture-worker.mjs': 'server/src/runtime/__tests__/fixtures/fixture-worker.mjs' },
    purpose: "Test image: the runtime conformance fixture worker, and the real worker in parked mode, on the agent image's base",
  },
} satisfies Record<string, ImageDefinition>;

export type ImageName = keyof typeof IMAGES;
export const IMAGE_NAMES = Object.keys(IMAGES) as ImageName[];

export interface BuildResult {
  name: ImageName;
  tag: string;
  hash: string;
  /** False when the image was already up to date. */
  built: boolean;
  sizeBytes: number;
  ms: number;
}

export interface BuildOptions {
  docker: Docker;
  /** Build even when the hash matches. */
  force?: boolean;
  log?: (line: string) => void;
}

/** A file to place in the image's root filesystem, or a symlink. */
type RootfsEntry = { kind: 'file'; path: string } | { kind: 'tree'; path: string } | { kind: 'link'; path: string; target: string };

/** Builds one after another, holding a machine-wide lock so concurrent runs (parallel test files) do not build twice. */
export async function buildImages(names: readonly ImageName[], options: BuildOptions): Promise<BuildResult[]> {
  const release = await acquireBuildLock(options.log ?? (() => undefined));
  try {
    const results: BuildResult[] = [];
    for (const name of names) results.push(await buildImage(name, options));
    return results;
  } finally {
    await release();
  }
}

const LOCK_PATH = join(tmpdir(), 'hive-build-images.lock');
const LOCK_WAIT_MS = 15 * 60_000;

/** An exclusive lock file holding the owner's pid; a lock whose owner died is taken over. */
async function acquireBuildLock(log: (line: string) => void): Promise<() => Promise<void>> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  let told = false;
  for (;;) {
    try {
      const file = await open(LOCK_PATH, 'wx');
      await file.writeFile(String(process.pid));
      await file.close();
      return () => rm(LOCK_PATH, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = Number(await readFile(LOCK_PATH, 'utf8').catch(() => ''));
    if (Number.isInteger(owner) && owner > 0 && !isAlive(owner)) {
      await rm(LOCK_PATH, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`another image build (pid ${owner}) has held ${LOCK_PATH} for too long`);
    if (!told) log(`waiting for another image build (pid ${owner}) to finish`);
    told = true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function buildImage(name: ImageName, { docker, force = false, log = () => undefined }: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const definition: ImageDefinition = IMAGES[name];
  const rootfs = await planRootfs(definition);
  const bundles = await bundleEntries(definition.bundles);
  const dockerfile = await readFile(join(REPO_ROOT, definition.dockerfile), 'utf8');
  const copies = await Promise.all(
    Object.entries(definition.copies).map(async ([to, from]) => [to, await readFile(join(REPO_ROOT, from))] as const),
  );
  const hash = await inputHash(definition, dockerfile, rootfs, bundles, copies);

  const existing = await docker.getImage(definition.tag).inspect().catch(() => null);
  if (!force && existing?.Config?.Labels?.[BUILD_HASH_LABEL] === hash) {
    log(`${definition.tag} is up to date (${hash.slice(0, 12)})`);
    return { name, tag: definition.tag, hash, built: false, sizeBytes: existing.Size, ms: Math.round(performance.now() - started) };
  }

  const context = await mkdtemp(join(tmpdir(), `hive-image-${name}-`));
  try {
    log(`preparing the build context for ${definition.tag}`);
    await writeFile(join(context, 'Dockerfile'), dockerfile);
    await mkdir(join(context, 'workspace'));
    await populateRootfs(join(context, 'rootfs'), rootfs, definition);
    for (const [to, text] of bundles) await writeAt(join(context, 'app', to), text);
    for (const [to, bytes] of copies) await writeAt(join(context, 'app', to), bytes);
    await mkdir(join(context, 'app'), { recursive: true });
    log(`building ${definition.tag}`);
    await dockerBuild(docker, context, definition.tag, { [BUILD_HASH_LABEL]: hash, 'org.opencontainers.image.title': definition.tag, 'hive.image': name }, log);
  } finally {
    await rm(context, { recursive: true, force: true });
  }
  const image = await docker.getImage(definition.tag).inspect();
  log(`built ${definition.tag}: ${(image.Size / 1e6).toFixed(1)} MB`);
  // The image this build replaced, now untagged: removed unless a container still uses it.
  if (existing && existing.Id !== image.Id) await docker.getImage(existing.Id).remove({ noprune: false }).catch(() => undefined);
  return { name, tag: definition.tag, hash, built: true, sizeBytes: image.Size, ms: Math.round(performance.now() - started) };
}

async function writeAt(path: string, content: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
}

/** The shared libraries an executable loads, as ldd resolves them (none for a static one or a script). */
async function sharedLibraries(executable: string): Promise<string[]> {
  const { stdout } = await run('ldd', [executable]).catch(() => ({ stdout: '' }));
  const libs: string[] = [];
  for (const line of stdout.split('\n')) {
    const match = /=>\s*(\/\S+)/.exec(line) ?? /^\s*(\/\S+)\s+\(/.exec(line);
    if (match?.[1]) libs.push(match[1]);
  }
  return libs;
}

/**
 * Every host path the image needs, with the symlinks along each path recorded as symlinks
 * (Debian's /lib → usr/lib, /bin/sh → dash), so the image has the same layout as the host.
 */
async function planRootfs(definition: ImageDefinition): Promise<RootfsEntry[]> {
  const entries = new Map<string, RootfsEntry>();
  const place = async (hostPath: string, kind: 'file' | 'tree'): Promise<void> => {
    const parts = hostPath.split('/').filter(Boolean);
    let current = '/';
    for (let i = 0; i < parts.length; i++) {
      const next = posix.join(current, parts[i]!);
      const info = await lstat(next);
      if (info.isSymbolicLink()) {
        const target = await readlink(next);
        entries.set(next, { kind: 'link', path: next, target });
        return place(posix.join(posix.resolve(current, target), ...parts.slice(i + 1)), kind);
      }
      current = next;
    }
    entries.set(current, { kind, path: current });
  };
  for (const binary of definition.binaries) {
    if (!(await exists(binary))) throw new Error(`image ${definition.tag}: ${binary} is not installed on this machine`);
    await place(binary, 'file');
    for (const lib of await sharedLibraries(binary)) await place(lib, 'file');
  }
  for (const tree of definition.trees) {
    if (!(await exists(tree))) throw new Error(`image ${definition.tag}: ${tree} does not exist on this machine`);
    await place(tree, (await stat(tree)).isDirectory() ? 'tree' : 'file');
  }
  return [...entries.values()].sort((a, b) => a.path.localeCompare(b.path));
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null)) !== null;
}

async function populateRootfs(root: string, entries: RootfsEntry[], definition: ImageDefinition): Promise<void> {
  const inRoot = (path: string) => join(root, path);
  for (const entry of entries) {
    await mkdir(dirname(inRoot(entry.path)), { recursive: true });
    if (entry.kind === 'link') await symlink(entry.target, inRoot(entry.path)).catch(ignoreExists);
    else await cp(entry.path, inRoot(entry.path), { recursive: entry.kind === 'tree', verbatimSymlinks: true, preserveTimestamps: true });
  }
  for (const [path, target] of Object.entries(definition.links)) {
    await mkdir(dirname(inRoot(path)), { recursive: true });
    await rm(inRoot(path), { force: true });
    await symlink(target, inRoot(path));
  }
  await writeAt(inRoot('/etc/passwd'), `root:x:0:0:root:/root:/sbin/nologin\nhive:x:${AGENT_UID}:${AGENT_UID}:hive agent:/tmp:/sbin/nologin\n`);
  await writeAt(inRoot('/etc/group'), `root:x:0:\nhive:x:${AGENT_UID}:\n`);
  await writeAt(inRoot('/etc/hive-image.txt'), imageManifest(entries, definition));
  // Mount points and the scratch /tmp (a tmpfs covers it at run time, but `docker run` without one works too).
  await mkdir(inRoot('/tmp'), { recursive: true });
  await chmod(inRoot('/tmp'), 0o1777);
}

function ignoreExists(err: NodeJS.ErrnoException): void {
  if (err.code !== 'EEXIST') throw err;
}

function imageManifest(entries: RootfsEntry[], definition: ImageDefinition): string {
  const lines = [
    `${definition.tag}: ${definition.purpose}`,
    `built FROM scratch by scripts/build-images.mjs with node ${process.version}; contents copied from the build machine:`,
    ...entries.map((e) => (e.kind === 'link' ? `  ${e.path} -> ${e.target}` : `  ${e.path}${e.kind === 'tree' ? '/' : ''}`)),
    ...Object.entries(definition.links).map(([path, target]) => `  ${path} -> ${target}`),
    ...Object.keys({ ...definition.bundles, ...definition.copies }).map((app) => `  /app/${app}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** Bundles each entry into one ESM file (no node_modules in the image), as the process runtime does. */
async function bundleEntries(bundles: Record<string, string>): Promise<Array<readonly [string, string]>> {
  const out: Array<readonly [string, string]> = [];
  for (const [to, from] of Object.entries(bundles)) {
    // Without splitting, dynamic imports are inlined: always exactly one file.
    const [main] = (await bundleEntry(join(REPO_ROOT, from))).files;
    out.push([to, main!.text]);
  }
  return out;
}

/** What decides the image's content; host files by identity (path, size, mtime, mode), not by bytes. */
async function inputHash(
  definition: ImageDefinition,
  dockerfile: string,
  rootfs: RootfsEntry[],
  bundles: Array<readonly [string, string]>,
  copies: Array<readonly [string, Buffer]>,
): Promise<string> {
  const hash = createHash('sha256');
  // This file's own text: how the root filesystem is put together (passwd, /tmp, layout) is part of the recipe.
  const recipe = await readFile(fileURLToPath(import.meta.url), 'utf8');
  hash.update(recipe).update('\0').update(JSON.stringify({ ...definition, node: process.version })).update('\0').update(dockerfile).update('\0');
  for (const entry of rootfs) {
    if (entry.kind === 'link') hash.update(`link ${entry.path} ${entry.target}\n`);
    else for (const line of await fileIdentities(entry.path)) hash.update(`${line}\n`);
  }
  for (const [to, text] of bundles) hash.update(`bundle ${to}\n`).update(text);
  for (const [to, bytes] of copies) hash.update(`copy ${to}\n`).update(bytes);
  return hash.digest('hex');
}

async function fileIdentities(path: string): Promise<string[]> {
  const info = await lstat(path);
  if (info.isSymbolicLink()) return [`${path} -> ${await readlink(path)}`];
  if (!info.isDirectory()) return [`${path} ${info.size} ${Math.trunc(info.mtimeMs)} ${info.mode.toString(8)}`];
  const lines = [`${path}/ ${info.mode.toString(8)}`];
  const children = (await readdir(path)).sort();
  for (const child of children) lines.push(...(await fileIdentities(join(path, child))));
  return lines;
}

/**
 * POST /build with the context as an uncompressed tar stream (the `tar` CLI, so symlinks and
 * modes stay as they are; dockerode's own packing gzips ~100 MB of binaries, which costs more
 * than it saves on a local socket). Resolves when the build succeeded, with its error otherwise.
 */
async function dockerBuild(docker: Docker, context: string, tag: string, labels: Record<string, string>, log: (line: string) => void): Promise<void> {
  const tar = spawn('tar', ['-C', context, '--numeric-owner', '-cf', '-', '.'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let tarError = '';
  tar.stderr.on('data', (chunk: Buffer) => (tarError += chunk.toString()));
  const tarDone = new Promise<void>((done, fail) => {
    tar.on('error', fail);
    tar.on('close', (code) => (code === 0 ? done() : fail(new Error(`tar exited with ${code}: ${tarError.trim()}`))));
  });
  const stream = await docker.buildImage(tar.stdout, { t: tag, labels, rm: true, forcerm: true });
  const built = new Promise<void>((done, fail) => {
    docker.modem.followProgress(
      stream,
      (err: Error | null, output: Array<{ error?: string }>) => {
        const failed = err?.message ?? output.find((o) => o.error)?.error;
        if (failed) fail(new Error(`docker build ${tag} failed: ${failed}`));
        else done();
      },
      (event: { stream?: string }) => {
        const line = event.stream?.trim();
        if (line) log(`  ${line}`);
      },
    );
  });
  await Promise.all([tarDone, built]);
}
