/**
 * The shape every diff takes in the dashboard, whether parsed from a proposal's unified
 * diff (unified-diff.ts) or computed from two versions of a prompt or config document
 * (line-diff.ts): files of hunks of numbered lines. Pure data, no DOM, so it is unit
 * tested under Node.
 */

export type DiffLineKind = 'context' | 'add' | 'del';

export interface DiffLine {
  kind: DiffLineKind;
  /** The line without its +/-/space marker. */
  text: string;
  /** Line number in the old file (null for an added line). */
  oldNo: number | null;
  /** Line number in the new file (null for a removed line). */
  newNo: number | null;
  /** The file has no newline after this line (git's "\ No newline at end of file"). */
  noNewline?: boolean;
}

export interface DiffHunk {
  /** The `@@ -a,b +c,d @@ section` line as written (or as computed). */
  header: string;
  lines: DiffLine[];
}

export type DiffChange = 'modified' | 'added' | 'deleted' | 'renamed' | 'binary';

export interface DiffFile {
  /** The path shown: the new path, or the old one for a deleted file. */
  path: string;
  /** Set for a rename: where it came from. */
  oldPath: string | null;
  change: DiffChange;
  hunks: DiffHunk[];
  added: number;
  removed: number;
}

/** One row of the side-by-side view: the old line on the left, the new one on the right. */
export interface SplitRow {
  left: DiffLine | null;
  right: DiffLine | null;
}

/**
 * Pairs a hunk's lines for the side-by-side view: a context line sits on both sides; a
 * run of removed lines followed by a run of added ones is zipped row by row (a change),
 * the longer run's rest facing blanks.
 */
export function splitRows(lines: readonly DiffLine[]): SplitRow[] {
  const rows: SplitRow[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.kind === 'context') {
      rows.push({ left: line, right: line });
      i += 1;
      continue;
    }
    const dels: DiffLine[] = [];
    const adds: DiffLine[] = [];
    while (i < lines.length && lines[i]!.kind === 'del') dels.push(lines[i++]!);
    while (i < lines.length && lines[i]!.kind === 'add') adds.push(lines[i++]!);
    for (let k = 0; k < Math.max(dels.length, adds.length); k += 1) rows.push({ left: dels[k] ?? null, right: adds[k] ?? null });
  }
  return rows;
}

/** `@@ -oldStart,oldCount +newStart,newCount @@` with git's conventions (count 1 is left out; an empty side starts at 0). */
export function hunkHeader(oldStart: number, oldCount: number, newStart: number, newCount: number): string {
  const side = (start: number, count: number) => (count === 1 ? `${start}` : `${count === 0 ? start - 1 : start},${count}`);
  return `@@ -${side(oldStart, oldCount)} +${side(newStart, newCount)} @@`;
}
