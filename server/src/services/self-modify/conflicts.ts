/**
 * Two open patches against the same repository conflict when they change the same lines of
 * the same file (their hunks' old ranges overlap), create the same file, or one deletes or
 * renames a file the other changes.
 */
import type { FilePatch } from './unified-diff.js';

function range(h: FilePatch['hunks'][number]): [number, number] {
  // A pure insertion (0 old lines) sits between lines: treat it as touching its anchor line.
  return [h.oldStart, h.oldStart + Math.max(h.oldLines, 1) - 1];
}

export function patchesConflict(a: FilePatch[], b: FilePatch[]): string | undefined {
  for (const fa of a) {
    const fb = b.find((f) => f.path === fa.path || (f.oldPath !== null && f.oldPath === fa.oldPath));
    if (!fb) continue;
    if (fa.change === 'added' && fb.change === 'added') return `both create ${fa.path}`;
    if ([fa.change, fb.change].some((c) => c === 'deleted' || c === 'renamed' || c === 'binary')) return `both change ${fa.path} (one deletes, renames or replaces it)`;
    for (const ha of fa.hunks) {
      const [a1, a2] = range(ha);
      for (const hb of fb.hunks) {
        const [b1, b2] = range(hb);
        if (a1 <= b2 && b1 <= a2) return `both change ${fa.path} around line ${Math.max(a1, b1)}`;
      }
    }
  }
  return undefined;
}
