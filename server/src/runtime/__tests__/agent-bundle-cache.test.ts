/** The process runtime's prebuilt worker: built once, reused while its inputs are unchanged, rebuilt when they change, tsx when bundling fails. */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareBundle } from '../agent-bundle-cache.js';
import { bundleEntry, type EntryBundle } from '../agent-bundle.js';
import { AgentCommandSource, tsxAgentCommand } from '../agent-command.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hive-bundle-test-'));
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A two-file TypeScript entry outside the repository, and a bundler that counts its runs. */
async function project(greeting: string) {
  const src = await tempDir();
  const entry = join(src, 'entry.ts');
  const dep = join(src, 'dep.ts');
  await writeFile(entry, "import { greeting } from './dep.js';\nconst who: string = 'bundle';\nconsole.log(`${greeting} from the ${who}`);\n");
  await writeFile(dep, `export const greeting = ${JSON.stringify(greeting)};\n`);
  const calls: string[] = [];
  const bundle = (path: string): Promise<EntryBundle> => {
    calls.push(path);
    return bundleEntry(path);
  };
  return { entry, dep, calls, bundle, dir: join(await tempDir(), 'bundle') };
}

const runNode = (path: string) => spawnSync(process.execPath, [path], { cwd: tmpdir(), encoding: 'utf8' });

describe('prepareBundle', () => {
  it('builds once into the cache directory, then reuses the bundle without bundling again', async () => {
    const p = await project('hello');
    const first = await prepareBundle({ dir: p.dir, entry: p.entry, bundle: p.bundle, recipe: 'r1' });
    expect(first.built).toBe(true);
    expect(first.path).toMatch(/\/bundle\/agent-[0-9a-f]{16}\/main\.mjs$/);
    expect(runNode(first.path).stdout).toBe('hello from the bundle\n');

    const second = await prepareBundle({ dir: p.dir, entry: p.entry, bundle: p.bundle, recipe: 'r1' });
    expect(second).toMatchObject({ built: false, path: first.path });
    expect(p.calls).toHaveLength(1);
  });

  it('rebuilds when an input, the recipe or the manifest changes', async () => {
    const p = await project('hello');
    const first = await prepareBundle({ dir: p.dir, entry: p.entry, bundle: p.bundle, recipe: 'r1' });

    // An imported file, not the entry, changes: it is one of the recorded inputs.
    await writeFile(p.dep, 'export const greeting = "good morning";\n');
    const edited = await prepareBundle({ dir: p.dir, entry: p.entry, bundle: p.bundle, recipe: 'r1' });
    expect(edited.built).toBe(true);
    expect(edited.path).not.toBe(first.path);
    expect(runNode(edited.path).stdout).toBe('good morning from the bundle\n');

    expect((await prepareBundle({ dir: p.dir, entry: p.entry, bundle: p.bundle, recipe: 'r2' })).built).toBe(true);
    // Same output as before: the content-addressed file name stays.
    expect((await prepareBundle({ dir: p.dir, entry: p.entry, bundle: p.bundle, recipe: 'r2' })).built).toBe(false);

    await writeFile(join(p.dir, 'manifest.json'), '{"recipe": "r2", "entry": ');
    const repaired = await prepareBundle({ dir: p.dir, entry: p.entry, bundle: p.bundle, recipe: 'r2' });
    expect(repaired).toMatchObject({ built: true, path: edited.path });
    expect(p.calls).toHaveLength(4);
  });

  it('rebuilds when the bundle itself is gone', async () => {
    const p = await project('hello');
    const first = await prepareBundle({ dir: p.dir, entry: p.entry, bundle: p.bundle, recipe: 'r1' });
    await rm(first.path);
    expect(await prepareBundle({ dir: p.dir, entry: p.entry, bundle: p.bundle, recipe: 'r1' })).toMatchObject({ built: true, path: first.path });
    expect(runNode(first.path).stdout).toBe('hello from the bundle\n');
  });

  it('keeps the current bundle and the two newest older ones', async () => {
    const p = await project('v0');
    const paths: string[] = [];
    for (let v = 0; v < 5; v++) {
      await writeFile(p.dep, `export const greeting = "version ${v}";\n`);
      paths.push((await prepareBundle({ dir: p.dir, entry: p.entry, bundle: p.bundle, recipe: 'r1' })).path);
      // Distinct mtimes, so "newest" is well defined.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const left = (await readdir(p.dir)).filter((name) => name.startsWith('agent-')).sort();
    expect(left).toEqual(paths.slice(2).map((path) => basename(dirname(path))).sort());
  });

  it('throws what the bundler said and leaves the previous bundle in place', async () => {
    const p = await project('hello');
    const first = await prepareBundle({ dir: p.dir, entry: p.entry, bundle: p.bundle, recipe: 'r1' });
    await writeFile(p.dep, 'export const greeting = ;\n');
    await expect(prepareBundle({ dir: p.dir, entry: p.entry, bundle: p.bundle, recipe: 'r1' })).rejects.toThrow(/Unexpected ";"/);
    expect(runNode(first.path).stdout).toBe('hello from the bundle\n');
  });
});

describe('AgentCommandSource', () => {
  it('bundles the real agent worker, which then runs from outside the repository', async () => {
    const source = new AgentCommandSource({ cacheDir: join(await tempDir(), 'bundle') });
    const command = await source.current();
    expect(command.executable).toBe(process.execPath);
    expect(command.args).toHaveLength(1);
    expect(command.args[0]).toMatch(/\/bundle\/agent-[0-9a-f]{16}\/main\.mjs$/);
    // The Anthropic SDK sits in a chunk of its own, which an offline worker never reads.
    const chunks = (await readdir(dirname(command.args[0]!))).filter((name) => name !== 'main.mjs');
    expect(chunks.length).toBeGreaterThan(0);
    expect(await readFile(command.args[0]!, 'utf8')).not.toContain('api.anthropic.com');
    // Every module loads (no node_modules beside the bundle); the worker then refuses the empty environment.
    const run = spawnSync(command.executable, command.args, { cwd: tmpdir(), env: { PATH: process.env.PATH }, encoding: 'utf8', timeout: 30_000 });
    expect(run.stderr).toContain('agent worker: bad environment: HIVE_HUB_URL');
    expect(run.status).toBe(2);
    // Asked again within the recheck interval: the same promise, no second check.
    expect(source.current()).toBe(source.current());
  });

  it('falls back to tsx when bundling fails, says why once, and uses the bundle once it builds again', async () => {
    const lines: string[] = [];
    let failing = true;
    const bundle = async (entry: string): Promise<EntryBundle> => {
      if (failing) throw new Error('esbuild: something is broken');
      return { files: [{ name: 'main.mjs', text: 'console.log("bundled");\n' }], inputs: [entry] };
    };
    const source = new AgentCommandSource({ cacheDir: join(await tempDir(), 'bundle'), log: (line) => lines.push(line), bundle, recheckMs: 0 });
    expect(await source.current()).toEqual(tsxAgentCommand());
    expect(await source.current()).toEqual(tsxAgentCommand());
    expect(lines).toEqual(['runtime: could not bundle the agent worker, starting workers through tsx instead: esbuild: something is broken']);

    failing = false;
    const command = await source.current();
    expect(command.args[0]).toMatch(/agent-[0-9a-f]{16}\/main\.mjs$/);
    expect(await readFile(command.args[0]!, 'utf8')).toBe('console.log("bundled");\n');
  });
});
