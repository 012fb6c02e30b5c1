/**
 * Confines a path the model gave to the agent's workspace. A plain `resolve` + prefix
 * check is not enough: a symlink inside the workspace can point anywhere, so the real
 * location (realpath) of the deepest existing part of the path must be inside too.
 * Symlinks that stay inside the workspace are fine.
 */
import { lstat, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** A path the model may not use; becomes an isError tool result, never a crash. */
export class WorkspacePathError extends Error {
  override readonly name = 'WorkspacePathError';
}

export interface ResolvedPath {
  /** Real absolute path, symlinks resolved (for the part that exists). */
  absolute: string;
  /** Relative to the workspace root, with forward slashes; '.' for the root. */
  display: string;
  /** The workspace root's real path. */
  root: string;
}

export async function resolveInWorkspace(workspace: string, requested: string): Promise<ResolvedPath> {
  if (requested.includes('\0')) throw new WorkspacePathError('path contains a NUL byte');
  if (isAbsolute(requested)) {
    throw new WorkspacePathError(`"${requested}" is absolute; use a path relative to the workspace`);
  }
  const root = await realpath(workspace);
  const lexical = resolve(root, requested || '.');
  if (!isInside(root, lexical)) throw new WorkspacePathError(`"${requested}" is outside the workspace`);

  // Walk up to the deepest part that exists, resolve its symlinks, and re-attach the rest.
  const missing: string[] = [];
  let probe = lexical;
  for (;;) {
    let real: string;
    try {
      real = await realpath(probe);
    } catch (error) {
      if (!isErrno(error, 'ENOENT')) throw error;
      if (await isSymlink(probe)) {
        // A dangling link: writing through it would create its target, wherever that is.
        throw new WorkspacePathError(`"${requested}" goes through a symbolic link whose target does not exist`);
      }
      missing.unshift(basename(probe));
      probe = dirname(probe);
      continue;
    }
    if (!isInside(root, real)) throw new WorkspacePathError(`"${requested}" leads outside the workspace through a symbolic link`);
    const absolute = join(real, ...missing);
    return { absolute, display: toDisplay(root, absolute), root };
  }
}

export function toDisplay(root: string, absolute: string): string {
  const rel = relative(root, absolute);
  return rel === '' ? '.' : rel.split(sep).join('/');
}

function isInside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

async function isSymlink(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isSymbolicLink();
  } catch {
    return false;
  }
}

export function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
