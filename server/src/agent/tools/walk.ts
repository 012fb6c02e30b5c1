/**
 * Depth-first, sorted walk of a directory for list_files and search_files. Never follows
 * symlinks (they could lead out of the workspace, or loop), and never descends into
 * directories that are only noise for the model.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { toDisplay } from './workspace-path.js';

/** Directories a walk lists but does not enter. */
export const UNWALKED_DIRECTORIES = new Set(['.git', 'node_modules']);

export interface WalkEntry {
  absolute: string;
  /** Relative to the workspace root, forward slashes. */
  display: string;
  kind: 'file' | 'directory' | 'symlink' | 'other';
  /** A directory the walk did not enter (see UNWALKED_DIRECTORIES). */
  skipped: boolean;
}

export async function* walk(root: string, start: string, recursive: boolean): AsyncGenerator<WalkEntry> {
  const entries = await readdir(start, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const absolute = join(start, entry.name);
    const kind = entry.isSymbolicLink() ? 'symlink' : entry.isDirectory() ? 'directory' : entry.isFile() ? 'file' : 'other';
    const skipped = kind === 'directory' && UNWALKED_DIRECTORIES.has(entry.name);
    yield { absolute, display: toDisplay(root, absolute), kind, skipped };
    if (recursive && kind === 'directory' && !skipped) yield* walk(root, absolute, true);
  }
}
