/**
 * Checks on a run's input shared by both adapters, and the mount points readOnlyMounts need
 * inside the worktree. A bad input is the caller's bug, so it throws before anything runs.
 */
import { lstat, mkdir, rmdir, stat } from 'node:fs/promises';
import { isAbsolute, join, posix, relative } from 'node:path';
import { SANDBOX_WORKSPACE, type SandboxMount, type SandboxRunInput } from './port.js';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export async function checkRunInput(input: SandboxRunInput): Promise<void> {
  if (!isAbsolute(input.workdir)) throw new Error(`sandbox: workdir must be an absolute path, got ${input.workdir}`);
  const info = await stat(input.workdir).catch(() => null);
  if (!info?.isDirectory()) throw new Error(`sandbox: workdir ${input.workdir} is not a directory`);
  if (input.command.trim() === '') throw new Error('sandbox: command is empty');
  const { memoryMb, cpus, pids, timeoutMs } = input.limits;
  for (const [name, value] of Object.entries({ memoryMb, cpus, pids, timeoutMs })) {
    if (!Number.isFinite(value) || value <= 0) throw new Error(`sandbox: limits.${name} must be a positive number, got ${value}`);
  }
  for (const name of Object.keys(input.env ?? {})) {
    if (!ENV_NAME.test(name)) throw new Error(`sandbox: env name ${JSON.stringify(name)} is not a valid variable name`);
  }
  for (const mount of input.readOnlyMounts ?? []) {
    if (!isAbsolute(mount.hostPath) || !posix.isAbsolute(mount.sandboxPath)) {
      throw new Error(`sandbox: readOnlyMounts need absolute paths, got ${mount.hostPath} → ${mount.sandboxPath}`);
    }
    if (!(await stat(mount.hostPath).catch(() => null))) throw new Error(`sandbox: read-only mount source ${mount.hostPath} does not exist`);
    if (posix.normalize(mount.sandboxPath) === SANDBOX_WORKSPACE) throw new Error('sandbox: a read-only mount cannot replace the worktree itself');
  }
}

/** The worktree-relative path of a sandboxPath under /workspace, or null when it is elsewhere. */
export function pathInWorktree(sandboxPath: string): string | null {
  const rel = posix.relative(SANDBOX_WORKSPACE, posix.normalize(sandboxPath));
  if (rel === '' || rel.startsWith('..') || posix.isAbsolute(rel)) return null;
  return rel;
}

/**
 * Creates the missing mount points of mounts that land inside the worktree (the Engine would
 * create them as root otherwise), and returns a cleanup that removes the ones it created, so
 * the worktree looks as it did. Only empty directories are removed.
 */
export async function prepareMountPoints(workdir: string, mounts: readonly SandboxMount[]): Promise<() => Promise<void>> {
  const created: string[] = [];
  for (const mount of mounts) {
    const rel = pathInWorktree(mount.sandboxPath);
    if (rel === null) continue;
    const target = join(workdir, rel);
    if (relative(workdir, target).startsWith('..')) continue;
    // A patch may have turned a directory on the way into a symlink out of the tree: never create through one.
    await assertNoSymlinkOnTheWay(workdir, rel);
    if (await lstat(target).catch(() => null)) continue;
    const source = await stat(mount.hostPath);
    if (!source.isDirectory()) throw new Error(`sandbox: ${mount.sandboxPath} does not exist in the worktree; only directory mounts create their mount point`);
    // mkdir -p returns the first directory it created; remove from the deepest up.
    const first = await mkdir(target, { recursive: true });
    if (first) for (let dir = target; dir.length >= first.length; dir = join(dir, '..')) created.push(dir);
  }
  return async () => {
    for (const dir of created) await rmdir(dir).catch(() => undefined);
  };
}

async function assertNoSymlinkOnTheWay(workdir: string, rel: string): Promise<void> {
  let path = workdir;
  for (const part of rel.split('/')) {
    path = join(path, part);
    const info = await lstat(path).catch(() => null);
    if (!info) return;
    if (info.isSymbolicLink()) throw new Error(`sandbox: ${path} is a symlink; a read-only mount cannot be placed through it`);
  }
}
