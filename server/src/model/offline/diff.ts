/**
 * Unified diffs for the offline model's proposals: taken from the workspace's `git diff`
 * when it shows the file, otherwise made up deterministically from what the model knows.
 */

/** The part of a `git diff` output that concerns `path`, or undefined. */
export function diffSectionFor(gitDiff: string, path: string): string | undefined {
  const sections = gitDiff.split(/^(?=diff --git )/m);
  const section = sections.find((s) => s.startsWith(`diff --git a/${path} b/${path}`));
  return section ? ensureNewline(section) : undefined;
}

/** A diff that creates `path` with `content`. */
export function newFileDiff(path: string, content: string): string {
  const lines = ensureNewline(content).split('\n').slice(0, -1);
  const body = lines.map((l) => `+${l}`).join('\n');
  return [
    `diff --git a/${path} b/${path}`,
    'new file mode 100644',
    '--- /dev/null',
    `+++ b/${path}`,
    `@@ -0,0 +1,${lines.length} @@`,
    body,
    '',
  ].join('\n');
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
