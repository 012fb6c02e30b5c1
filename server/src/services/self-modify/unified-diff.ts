/**
 * A reader for unified diffs (git's flavour included): which files a patch touches, how, and
 * which line ranges of the old file its hunks replace. Risk and conflict detection work on
 * this; `git apply` remains the judge of whether a patch applies.
 */
import type { DiffStat } from '../../../../shared/index.js';

export interface Hunk {
  /** First line of the old file the hunk covers (1-based) and how many lines. */
  oldStart: number;
  oldLines: number;
  added: string[];
  removed: string[];
}

export interface FilePatch {
  path: string;
  oldPath: string | null;
  change: DiffStat['files'][number]['change'];
  hunks: Hunk[];
  /** Only the file mode changes (no content lines). */
  modeOnly?: boolean;
}

export class DiffParseError extends Error {}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** Git quotes names with unusual bytes C-style: "a/sp\303\244ce" — decode them as git would. */
function unquote(path: string): string {
  if (!path.startsWith('"') || !path.endsWith('"')) return path;
  const bytes: number[] = [];
  const body = path.slice(1, -1);
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, b: 8, f: 12, a: 7, v: 11, '"': 34, '\\': 92 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c));
      continue;
    }
    const next = body[i + 1] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The path `git apply` (default -p1) will touch: unquoted, first component removed. */
function stripPrefix(path: string): string {
  const p = unquote(path.replace(/\t.*$/, '').trim());
  if (p === '/dev/null') return p;
  const slash = p.indexOf('/');
  return slash === -1 ? p : p.slice(slash + 1);
}

export function parseUnifiedDiff(text: string): FilePatch[] {
  const files: FilePatch[] = [];
  let file: FilePatch | null = null;
  let hunk: Hunk | null = null;
  let oldLeft = 0;
  let newLeft = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (hunk && (oldLeft > 0 || newLeft > 0)) {
      if (line.startsWith('+')) {
        hunk.added.push(line.slice(1));
        newLeft--;
      } else if (line.startsWith('-')) {
        hunk.removed.push(line.slice(1));
        oldLeft--;
      } else if (line.startsWith(' ') || line === '') {
        oldLeft--;
        newLeft--;
      } else if (!line.startsWith('\\')) throw new DiffParseError(`line ${i + 1}: the hunk ends early`);
      continue;
    }
    if (line.startsWith('\\')) continue;
    if (line.startsWith('diff --git ')) {
      const m = line.match(/^diff --git (\S+) (\S+)$/);
      file = { path: m ? stripPrefix(m[2]!) : '', oldPath: m ? stripPrefix(m[1]!) : null, change: 'modified', hunks: [] };
      files.push(file);
      hunk = null;
      continue;
    }
    if (line.startsWith('--- ')) {
      const old = stripPrefix(line.slice(4));
      const next = lines[i + 1] ?? '';
      if (!next.startsWith('+++ ')) throw new DiffParseError(`line ${i + 1}: "---" without "+++"`);
      const neu = stripPrefix(next.slice(4));
      i++;
      if (!file || file.hunks.length > 0 || (file.path && file.path !== (neu === '/dev/null' ? old : neu))) {
        file = { path: '', oldPath: null, change: 'modified', hunks: [] };
        files.push(file);
      }
      file.oldPath = old === '/dev/null' ? null : old;
      file.path = neu === '/dev/null' ? old : neu;
      file.change = old === '/dev/null' ? 'added' : neu === '/dev/null' ? 'deleted' : old !== neu ? 'renamed' : file.change;
      hunk = null;
      continue;
    }
    if (!file) continue; // prose before the first file (e.g. a commit message) is allowed
    if (line.startsWith('new file mode')) file.change = 'added';
    else if (line.startsWith('old mode ') || line.startsWith('new mode ')) file.modeOnly = true;
    else if (line.startsWith('rename from ') || line.startsWith('copy from ')) file.oldPath = unquote(line.slice(line.indexOf(' from ') + 6));
    else if (line.startsWith('copy to ')) file.path = unquote(line.slice('copy to '.length));
    else if (line.startsWith('deleted file mode')) file.change = 'deleted';
    else if (line.startsWith('rename to ')) {
      file.change = 'renamed';
      file.path = unquote(line.slice('rename to '.length));
    }
    else if (line.startsWith('Binary files') || line.startsWith('GIT binary patch')) file.change = 'binary';
    else {
      const m = line.match(HUNK);
      if (m) {
        hunk = { oldStart: Number(m[1]), oldLines: m[2] === undefined ? 1 : Number(m[2]), added: [], removed: [] };
        oldLeft = hunk.oldLines;
        newLeft = m[4] === undefined ? 1 : Number(m[4]);
        file.hunks.push(hunk);
      }
    }
  }
  const real = files.filter((f) => f.path && (f.hunks.length > 0 || f.change !== 'modified' || f.modeOnly));
  if (real.length === 0) throw new DiffParseError('no file changes found: expected a unified diff (---/+++ headers and @@ hunks)');
  return real;
}

export function diffStat(files: FilePatch[]): DiffStat {
  const stats = files.map((f) => ({
    path: f.path,
    change: f.change,
    added: f.hunks.reduce((n, h) => n + h.added.length, 0),
    removed: f.hunks.reduce((n, h) => n + h.removed.length, 0),
  }));
  return { files: stats, added: stats.reduce((n, f) => n + f.added, 0), removed: stats.reduce((n, f) => n + f.removed, 0) };
}
