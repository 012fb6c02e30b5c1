import type { DiffChange, DiffFile, DiffHunk } from './diff-model.js';

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * Parses a unified diff (git's `diff --git` form or plain `diff -u`) into files of
 * numbered hunk lines. Hunk bodies are read by their line counts, so a removed line that
 * itself starts with "--" is never taken for a file header. Binary files, renames, new
 * and deleted files are recognised from git's extended headers. Anything it cannot place
 * (a preamble, stray text) is skipped rather than failing the view: the raw text stays
 * one click away on the page.
 */
export function parseUnifiedDiff(text: string): DiffFile[] {
  const lines = text.split(/\r?\n/);
  const files: MutableFile[] = [];
  let file: MutableFile | null = null;
  const startFile = (): MutableFile => {
    const opened: MutableFile = { oldPath: null, newPath: null, change: 'modified', hunks: [], added: 0, removed: 0, renamed: false, binary: false, sawMarkers: false };
    files.push(opened);
    return opened;
  };

  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.startsWith('diff --git ')) {
      file = startFile();
      const paths = parseGitHeaderPaths(line.slice('diff --git '.length));
      if (paths) [file.oldPath, file.newPath] = paths;
      i += 1;
      continue;
    }
    if (line.startsWith('--- ') && lines[i + 1]?.startsWith('+++ ')) {
      // A plain diff has no `diff --git` line: the ---/+++ pair opens the file. In a git
      // diff it follows the extended headers of the file already opened.
      if (file === null || file.sawMarkers || file.hunks.length > 0) file = startFile();
      file.sawMarkers = true;
      const oldPath = markerPath(line.slice(4));
      const newPath = markerPath(lines[i + 1]!.slice(4));
      if (oldPath === null) file.change = 'added';
      if (newPath === null) file.change = 'deleted';
      file.oldPath = oldPath;
      file.newPath = newPath;
      i += 2;
      continue;
    }
    const hunkMatch = HUNK.exec(line);
    if (hunkMatch) {
      file ??= startFile();
      i = readHunk(lines, i, hunkMatch, file);
      continue;
    }
    if (file !== null) {
      if (line.startsWith('new file mode')) file.change = 'added';
      else if (line.startsWith('deleted file mode')) file.change = 'deleted';
      else if (line.startsWith('rename from ')) {
        file.renamed = true;
        file.oldPath = unquote(line.slice('rename from '.length));
      } else if (line.startsWith('rename to ')) {
        file.renamed = true;
        file.newPath = unquote(line.slice('rename to '.length));
      } else if (line.startsWith('Binary files ') || line === 'GIT binary patch') file.binary = true;
    }
    i += 1;
  }

  return files.map(finish);
}

interface MutableFile {
  oldPath: string | null;
  newPath: string | null;
  change: DiffChange;
  hunks: DiffHunk[];
  added: number;
  removed: number;
  renamed: boolean;
  binary: boolean;
  /** Its ---/+++ lines were read (a second pair opens the next file of a plain diff). */
  sawMarkers: boolean;
}

function finish(raw: MutableFile): DiffFile {
  let change: DiffChange = raw.change;
  if (raw.binary) change = 'binary';
  else if (raw.renamed && change === 'modified') change = 'renamed';
  const path = raw.newPath ?? raw.oldPath ?? '(unknown file)';
  return {
    path,
    oldPath: change === 'renamed' && raw.oldPath !== path ? raw.oldPath : null,
    change,
    hunks: raw.hunks,
    added: raw.added,
    removed: raw.removed,
  };
}

/** Reads one hunk starting at its @@ line; returns the index after it. */
function readHunk(lines: readonly string[], start: number, match: RegExpExecArray, file: MutableFile): number {
  let oldNo = Number(match[1]);
  let newNo = Number(match[3]);
  let oldLeft = match[2] === undefined ? 1 : Number(match[2]);
  let newLeft = match[4] === undefined ? 1 : Number(match[4]);
  const hunk: DiffHunk = { header: lines[start]!, lines: [] };
  file.hunks.push(hunk);
  let i = start + 1;
  while (i < lines.length && (oldLeft > 0 || newLeft > 0 || lines[i]!.startsWith('\\'))) {
    const line = lines[i]!;
    const marker = line[0];
    if (marker === '\\') {
      // "\ No newline at end of file" belongs to the line before it.
      const last = hunk.lines[hunk.lines.length - 1];
      if (last) last.noNewline = true;
    } else if (marker === '+' && newLeft > 0) {
      hunk.lines.push({ kind: 'add', text: line.slice(1), oldNo: null, newNo });
      newNo += 1;
      newLeft -= 1;
      file.added += 1;
    } else if (marker === '-' && oldLeft > 0) {
      hunk.lines.push({ kind: 'del', text: line.slice(1), oldNo, newNo: null });
      oldNo += 1;
      oldLeft -= 1;
      file.removed += 1;
    } else if ((marker === ' ' || line === '') && oldLeft > 0 && newLeft > 0) {
      // Some tools strip the space of an empty context line.
      hunk.lines.push({ kind: 'context', text: line.slice(1), oldNo, newNo });
      oldNo += 1;
      newNo += 1;
      oldLeft -= 1;
      newLeft -= 1;
    } else {
      break; // the counts and the body disagree: stop here rather than swallow the next file
    }
    i += 1;
  }
  return i;
}

/** `a/x b/y` (or quoted) from a `diff --git` line; null when it cannot be split unambiguously. */
function parseGitHeaderPaths(rest: string): [string, string] | null {
  if (rest.startsWith('"')) {
    const end = closingQuote(rest, 0);
    if (end < 0) return null;
    const first = unquote(rest.slice(0, end + 1));
    const second = unquote(rest.slice(end + 2));
    return [stripPrefix(first), stripPrefix(second)];
  }
  // Unquoted: "a/<p> b/<p>" — the same path twice unless renamed, so split in the middle.
  const half = (rest.length - 1) / 2;
  if (Number.isInteger(half) && rest[half] === ' ') {
    const first = rest.slice(0, half);
    const second = rest.slice(half + 1);
    if (stripPrefix(first) === stripPrefix(second)) return [stripPrefix(first), stripPrefix(second)];
  }
  const space = rest.indexOf(' b/');
  if (space < 0) return null;
  return [stripPrefix(rest.slice(0, space)), stripPrefix(rest.slice(space + 1))];
}

/** The path of a ---/+++ line: null for /dev/null; a trailing tab and timestamp (diff -u) dropped. */
function markerPath(raw: string): string | null {
  const withoutTime = raw.startsWith('"') ? raw : raw.split('\t', 1)[0]!;
  const path = unquote(withoutTime.trim());
  if (path === '/dev/null') return null;
  return stripPrefix(path);
}

function stripPrefix(path: string): string {
  return /^[ab]\//.test(path) ? path.slice(2) : path;
}

function closingQuote(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i += 1) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === '"') return i;
  }
  return -1;
}

/** Git quotes paths with unusual characters C-style ("a/t\303\251st.txt"); this undoes it. */
export function unquote(path: string): string {
  if (!(path.startsWith('"') && path.endsWith('"') && path.length >= 2)) return path;
  const body = path.slice(1, -1);
  const bytes: number[] = [];
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 0; i < body.length; i += 1) {
    const char = body[i]!;
    if (char !== '\\') {
      bytes.push(...new TextEncoder().encode(char));
      continue;
    }
    const next = body[i + 1] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(Number.parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
