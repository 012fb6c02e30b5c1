import { type DiffFile, type DiffHunk, type DiffLine, hunkHeader } from './diff-model.js';

/** Unchanged lines kept around each change, as `diff -u` and git do. */
export const DEFAULT_CONTEXT = 3;

/**
 * Past this many differing lines Myers' search costs more than it tells (memory grows with
 * the square of the edit distance); the diff is then "everything removed, everything
 * added", which is still correct, only less precise.
 */
const MAX_EDIT_DISTANCE = 2000;

/** Splits a text into lines; a final newline ends the last line rather than starting an empty one. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * The edit script between two lists of lines, as diff lines in order (context, removed,
 * added), each numbered in the old and new text. Myers' O(ND) greedy algorithm ("An O(ND)
 * Difference Algorithm and Its Variations", 1986) on what is left after the common prefix
 * and suffix are set aside; removals come before additions within a change, as in git.
 */
export function diffLines(a: readonly string[], b: readonly string[]): DiffLine[] {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix += 1;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix += 1;

  const lines: DiffLine[] = [];
  for (let i = 0; i < prefix; i += 1) lines.push({ kind: 'context', text: a[i]!, oldNo: i + 1, newNo: i + 1 });
  const middleA = a.slice(prefix, a.length - suffix);
  const middleB = b.slice(prefix, b.length - suffix);
  for (const op of myers(middleA, middleB)) {
    const oldNo = op.oldIndex === null ? null : prefix + op.oldIndex + 1;
    const newNo = op.newIndex === null ? null : prefix + op.newIndex + 1;
    const text = op.oldIndex !== null ? middleA[op.oldIndex]! : middleB[op.newIndex!]!;
    lines.push({ kind: op.kind, text, oldNo, newNo });
  }
  for (let k = suffix; k > 0; k -= 1) {
    lines.push({ kind: 'context', text: a[a.length - k]!, oldNo: a.length - k + 1, newNo: b.length - k + 1 });
  }
  return lines;
}

interface EditOp {
  kind: DiffLine['kind'];
  oldIndex: number | null;
  newIndex: number | null;
}

function myers(a: readonly string[], b: readonly string[]): EditOp[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const limit = Math.min(max, MAX_EDIT_DISTANCE);
  const offset = max + 1;
  // v[k + offset]: the furthest x reached on diagonal k (updated in place: step d reads
  // only diagonals of the other parity). Before each step, the diagonals -d..d are kept
  // (trace[d][k + d]) for the walk back: memory grows with D², not D·(N+M).
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= limit && found < 0; d += 1) {
    trace.push(v.slice(offset - d, offset + d + 1));
    for (let k = -d; k <= d; k += 2) {
      let x: number;
      if (k === -d || (k !== d && v[k - 1 + offset]! < v[k + 1 + offset]!)) x = v[k + 1 + offset]!; // down: an insertion
      else x = v[k - 1 + offset]! + 1; // right: a deletion
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x += 1;
        y += 1;
      }
      v[k + offset] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) return replaceAll(n, m);

  // Walk back from (n, m) through the snapshots, collecting the moves in reverse.
  const ops: EditOp[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d -= 1) {
    const snapshot = trace[d]!;
    const previous = (diagonal: number) => snapshot[diagonal + d]!;
    const k = x - y;
    const down = k === -d || (k !== d && previous(k - 1) < previous(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = previous(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x -= 1;
      y -= 1;
      ops.push({ kind: 'context', oldIndex: x, newIndex: y });
    }
    if (down) {
      y -= 1;
      ops.push({ kind: 'add', oldIndex: null, newIndex: y });
    } else {
      x -= 1;
      ops.push({ kind: 'del', oldIndex: x, newIndex: null });
    }
  }
  while (x > 0 && y > 0) {
    x -= 1;
    y -= 1;
    ops.push({ kind: 'context', oldIndex: x, newIndex: y });
  }
  ops.reverse();
  return removalsFirst(ops);
}

/** Within each run of changes, removals before additions (Myers may interleave them). */
function removalsFirst(ops: EditOp[]): EditOp[] {
  const result: EditOp[] = [];
  let dels: EditOp[] = [];
  let adds: EditOp[] = [];
  const flush = () => {
    result.push(...dels, ...adds);
    dels = [];
    adds = [];
  };
  for (const op of ops) {
    if (op.kind === 'del') dels.push(op);
    else if (op.kind === 'add') adds.push(op);
    else {
      flush();
      result.push(op);
    }
  }
  flush();
  return result;
}

function replaceAll(n: number, m: number): EditOp[] {
  const ops: EditOp[] = [];
  for (let i = 0; i < n; i += 1) ops.push({ kind: 'del', oldIndex: i, newIndex: null });
  for (let j = 0; j < m; j += 1) ops.push({ kind: 'add', oldIndex: null, newIndex: j });
  return ops;
}

/**
 * Cuts an edit script into hunks: each change with up to `context` unchanged lines on
 * either side, changes closer than twice that merged into one hunk. No changes, no hunks.
 */
export function toHunks(lines: readonly DiffLine[], context = DEFAULT_CONTEXT): DiffHunk[] {
  const changed = lines.flatMap((line, index) => (line.kind === 'context' ? [] : [index]));
  if (changed.length === 0) return [];
  const ranges: [number, number][] = [];
  for (const index of changed) {
    const start = Math.max(0, index - context);
    const end = Math.min(lines.length - 1, index + context);
    const last = ranges[ranges.length - 1];
    if (last && start <= last[1] + 1) last[1] = Math.max(last[1], end);
    else ranges.push([start, end]);
  }
  return ranges.map(([start, end]) => {
    const hunkLines = lines.slice(start, end + 1);
    const oldLines = hunkLines.filter((line) => line.kind !== 'add');
    const newLines = hunkLines.filter((line) => line.kind !== 'del');
    // An empty side starts after the line before the hunk (0 at the top of the file).
    const oldBefore = lines.slice(0, start).filter((line) => line.kind !== 'add').length;
    const newBefore = lines.slice(0, start).filter((line) => line.kind !== 'del').length;
    return {
      header: hunkHeader(oldLines[0]?.oldNo ?? oldBefore + 1, oldLines.length, newLines[0]?.newNo ?? newBefore + 1, newLines.length),
      lines: hunkLines,
    };
  });
}

/**
 * A prompt's or config document's change as one diff file: `previous` → `next`, or, when
 * there is no previous version (a new document), every line added.
 */
export function diffTexts(path: string, previous: string | null, next: string, context = DEFAULT_CONTEXT): DiffFile {
  const lines = diffLines(splitLines(previous ?? ''), splitLines(next));
  return {
    path,
    oldPath: null,
    change: previous === null ? 'added' : 'modified',
    hunks: toHunks(lines, context),
    added: lines.filter((line) => line.kind === 'add').length,
    removed: lines.filter((line) => line.kind === 'del').length,
  };
}
