import { describe, expect, it } from 'vitest';
import { splitRows } from '../diff-model.js';
import { parseUnifiedDiff, unquote } from '../unified-diff.js';

const GIT_DIFF = `diff --git a/src/app.ts b/src/app.ts
index 3b18e51..a9c4b2f 100644
--- a/src/app.ts
+++ b/src/app.ts
@@ -1,4 +1,5 @@ export function main() {
 import { a } from './a.js';
-const x = 1;
+const x = 2;
+const y = 3;
 
 main();
@@ -10,2 +11,2 @@
--- not a header, a removed line
+++ not a header, an added line
 done
diff --git a/hello.txt b/hello.txt
new file mode 100644
index 0000000..e965047
--- /dev/null
+++ b/hello.txt
@@ -0,0 +1 @@
+Hello
\\ No newline at end of file
diff --git a/old.md b/old.md
deleted file mode 100644
--- a/old.md
+++ /dev/null
@@ -1,2 +0,0 @@
-# Old
-bye
diff --git a/docs/a.md b/docs/b.md
similarity index 90%
rename from docs/a.md
rename to docs/b.md
diff --git a/logo.png b/logo.png
index 1..2 100644
Binary files a/logo.png and b/logo.png differ
`;

describe('parseUnifiedDiff', () => {
  const files = parseUnifiedDiff(GIT_DIFF);

  it('finds every file with its kind of change and counts', () => {
    expect(files.map((file) => [file.path, file.change, file.added, file.removed])).toEqual([
      ['src/app.ts', 'modified', 3, 2],
      ['hello.txt', 'added', 1, 0],
      ['old.md', 'deleted', 0, 2],
      ['docs/b.md', 'renamed', 0, 0],
      ['logo.png', 'binary', 0, 0],
    ]);
    expect(files[3]!.oldPath).toBe('docs/a.md');
    expect(files[0]!.oldPath).toBeNull();
  });

  it('numbers hunk lines and reads bodies by their counts', () => {
    const [first, second] = files[0]!.hunks;
    expect(first!.header).toBe('@@ -1,4 +1,5 @@ export function main() {');
    expect(first!.lines.map((line) => [line.kind, line.oldNo, line.newNo, line.text])).toEqual([
      ['context', 1, 1, "import { a } from './a.js';"],
      ['del', 2, null, 'const x = 1;'],
      ['add', null, 2, 'const x = 2;'],
      ['add', null, 3, 'const y = 3;'],
      ['context', 3, 4, ''],
      ['context', 4, 5, 'main();'],
    ]);
    // "--- " and "+++ " inside a hunk are lines of it, not the next file's header.
    expect(second!.lines.map((line) => line.kind)).toEqual(['del', 'add', 'context']);
    expect(second!.lines[0]!.text).toBe('-- not a header, a removed line');
  });

  it('marks a last line without a newline', () => {
    expect(files[1]!.hunks[0]!.lines[0]).toMatchObject({ kind: 'add', text: 'Hello', newNo: 1, noNewline: true });
  });

  it('reads a plain diff -u with timestamps and several files', () => {
    const plain = `--- a.txt\t2024-01-01 00:00:00
+++ a.txt\t2024-01-02 00:00:00
@@ -1 +1 @@
-one
+two
--- b.txt
+++ b.txt
@@ -1,2 +1 @@
 keep
-drop
`;
    expect(parseUnifiedDiff(plain).map((file) => [file.path, file.added, file.removed])).toEqual([
      ['a.txt', 1, 1],
      ['b.txt', 0, 1],
    ]);
  });

  it('survives text that is not a diff, and an empty diff', () => {
    expect(parseUnifiedDiff('')).toEqual([]);
    expect(parseUnifiedDiff('hello\nworld\n')).toEqual([]);
  });

  it('stops a hunk whose body is shorter than its header says instead of swallowing the next file', () => {
    const truncated = `diff --git a/a b/a
--- a/a
+++ b/a
@@ -1,5 +1,5 @@
-x
+y
diff --git a/b b/b
--- a/b
+++ b/b
@@ -1 +1 @@
-p
+q
`;
    expect(parseUnifiedDiff(truncated).map((file) => [file.path, file.added, file.removed])).toEqual([
      ['a', 1, 1],
      ['b', 1, 1],
    ]);
  });

  it('unquotes C-style quoted paths', () => {
    expect(unquote('"a/t\\303\\251st \\"x\\".txt"')).toBe('a/tést "x".txt');
    const quoted = parseUnifiedDiff('diff --git "a/my file.txt" "b/my file.txt"\n--- "a/my file.txt"\n+++ "b/my file.txt"\n@@ -1 +1 @@\n-a\n+b\n');
    expect(quoted[0]!.path).toBe('my file.txt');
  });
});

describe('splitRows', () => {
  it('zips a removed run with the added run after it and keeps context on both sides', () => {
    const rows = splitRows(parseUnifiedDiff(GIT_DIFF)[0]!.hunks[0]!.lines);
    expect(rows.map((row) => [row.left?.text ?? null, row.right?.text ?? null])).toEqual([
      ["import { a } from './a.js';", "import { a } from './a.js';"],
      ['const x = 1;', 'const x = 2;'],
      [null, 'const y = 3;'],
      ['', ''],
      ['main();', 'main();'],
    ]);
  });
});
