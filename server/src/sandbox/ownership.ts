/**
 * Handing a worktree to the sandbox user and back. The sandbox runs as an unprivileged uid that
 * must write the worktree (and only it); afterwards the hub, and git running as the hub's user
 * (which refuses a repository owned by someone else), take it back with everything the check
 * command created. Symlinks are never followed: a patch may add a link to /etc/passwd, and
 * chown through it would hand that file to the sandbox user.
 */
import { lchown, lstat, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface Owner {
  uid: number;
  gid: number;
}

/**
 * lchown every entry under `root` (root included), without following symlinks or leaving the
 * tree. With `onlyFromUid`, only entries that uid owns change: giving a tree back never touches
 * a file the sandbox merely hard-linked in.
 */
export async function chownTree(root: string, owner: Owner, onlyFromUid?: number): Promise<void> {
  const change = async (path: string, info: { uid: number; gid: number }) => {
    if (info.uid === owner.uid && info.gid === owner.gid) return;
    if (onlyFromUid !== undefined && info.uid !== onlyFromUid) return;
    await lchown(path, owner.uid, owner.gid);
  };
  const info = await lstat(root);
  await change(root, info);
  if (!info.isDirectory()) return;
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) await chownTree(path, owner, onlyFromUid);
    else await change(path, await lstat(path));
  }
}

/**
 * Gives the worktree to `sandboxUser` and returns how to give it back to its owner before the
 * run (the owner of the worktree's top directory). Nothing changes when they are the same.
 */
export async function lendWorktree(workdir: string, sandboxUser: Owner): Promise<() => Promise<void>> {
  const info = await lstat(workdir);
  if (!info.isDirectory()) throw new Error(`sandbox workdir ${workdir} is not a directory`);
  const owner = { uid: info.uid, gid: info.gid };
  if (owner.uid === sandboxUser.uid && owner.gid === sandboxUser.gid) return async () => undefined;
  await chownTree(workdir, sandboxUser);
  return () => chownTree(workdir, owner, sandboxUser.uid);
}

/**
 * A process running as `uid` can reach `path` only when it may search (x) every directory
 * above it. Returns the first directory that stops it, or null.
 */
export async function firstBlockingAncestor(path: string, uid: number, gid: number): Promise<string | null> {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const info = await lstat(dir);
    const bit = info.uid === uid ? 0o100 : info.gid === gid ? 0o010 : 0o001;
    if ((info.mode & bit) === 0) return dir;
    if (dir === dirname(dir)) return null;
  }
}
