/**
 * Lending a worktree to the sandbox user and back, and mount points inside it: never through a
 * symlink, never a file the sandbox only hard-linked in. Needs root (chown to other uids).
 */
import { lchown, link, lstat, mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepareMountPoints } from '../input.js';
import { lendWorktree } from '../ownership.js';

const isRoot = process.getuid?.() === 0;
const SANDBOX = { uid: 1_999_000_001, gid: 1_999_000_001 };

describe.runIf(isRoot)('worktree ownership and mount points', () => {
  let base: string;
  let workdir: string;

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'hive-sandbox-files-'));
    workdir = join(base, 'wt');
    await mkdir(join(workdir, 'src'), { recursive: true });
    await writeFile(join(workdir, 'src', 'a.ts'), 'x');
  });

  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('lends every entry to the sandbox user and gives back what it owns, symlink targets untouched', async () => {
    const victim = join(base, 'outside.txt');
    await writeFile(victim, 'not the sandbox');
    await symlink(victim, join(workdir, 'link-out'));
    const giveBack = await lendWorktree(workdir, SANDBOX);
    for (const path of [workdir, join(workdir, 'src'), join(workdir, 'src', 'a.ts'), join(workdir, 'link-out')]) {
      expect((await lstat(path)).uid).toBe(SANDBOX.uid);
    }
    expect((await stat(victim)).uid).toBe(0);
    // What the sandbox wrote, and a hard link to a file it does not own.
    await writeFile(join(workdir, 'new.txt'), 'y');
    await lchownAs(join(workdir, 'new.txt'), SANDBOX);
    const foreign = join(base, 'foreign.txt');
    await writeFile(foreign, 'z');
    await lchownAs(foreign, { uid: 4321, gid: 4321 });
    await link(foreign, join(workdir, 'hardlink.txt'));
    await giveBack();
    for (const path of [workdir, join(workdir, 'src', 'a.ts'), join(workdir, 'new.txt'), join(workdir, 'link-out')]) {
      expect((await lstat(path)).uid).toBe(0);
    }
    expect((await stat(foreign)).uid).toBe(4321);
  });

  it('creates missing mount points and removes them afterwards, never through a symlink', async () => {
    const deps = join(base, 'deps');
    await mkdir(deps);
    const cleanup = await prepareMountPoints(workdir, [{ hostPath: deps, sandboxPath: '/workspace/vendor/node_modules' }]);
    expect((await stat(join(workdir, 'vendor', 'node_modules'))).isDirectory()).toBe(true);
    await cleanup();
    expect((await readdir(workdir)).sort()).toEqual(['src']);

    const elsewhere = join(base, 'elsewhere');
    await mkdir(elsewhere);
    await symlink(elsewhere, join(workdir, 'vendor'));
    await expect(prepareMountPoints(workdir, [{ hostPath: deps, sandboxPath: '/workspace/vendor/node_modules' }])).rejects.toThrow('is a symlink');
    expect(await readdir(elsewhere)).toEqual([]);
  });
});

const lchownAs = (path: string, owner: { uid: number; gid: number }) => lchown(path, owner.uid, owner.gid);
