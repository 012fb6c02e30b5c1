import { describe, expect, it } from 'vitest';
import { patchesConflict } from '../conflicts.js';
import { lineChanges } from '../line-diff.js';
import { HIVE_PROTECTED_PATHS, matchesAny, protectedPathsFor } from '../protected-paths.js';
import { assessPatchRisk, assessTextRisk } from '../risk.js';
import { DiffParseError, diffStat, parseUnifiedDiff } from '../unified-diff.js';

const edit = (file: string, at: number, from: string, to: string) => `--- a/${file}\n+++ b/${file}\n@@ -${at},1 +${at},1 @@\n-${from}\n+${to}\n`;

describe('unified diff reader', () => {
  it('reads git diffs: new, deleted, renamed, modified files with their hunks', () => {
    const files = parseUnifiedDiff(
      [
        'diff --git a/new.ts b/new.ts', 'new file mode 100644', '--- /dev/null', '+++ b/new.ts', '@@ -0,0 +1,2 @@', '+a', '+b',
        'diff --git a/old.ts b/old.ts', 'deleted file mode 100644', '--- a/old.ts', '+++ /dev/null', '@@ -1 +0,0 @@', '-x',
        'diff --git a/src/x.ts b/src/y.ts', 'similarity index 90%', 'rename from src/x.ts', 'rename to src/y.ts',
        'diff --git a/m.ts b/m.ts', '--- a/m.ts', '+++ b/m.ts', '@@ -10,3 +10,3 @@ function f() {', ' keep', '-old', '+new', ' keep', '\\ No newline at end of file',
      ].join('\n'),
    );
    expect(files.map((f) => [f.path, f.change])).toEqual([['new.ts', 'added'], ['old.ts', 'deleted'], ['src/y.ts', 'renamed'], ['m.ts', 'modified']]);
    expect(files[3]!.hunks).toEqual([{ oldStart: 10, oldLines: 3, added: ['new'], removed: ['old'] }]);
    expect(diffStat(files)).toMatchObject({ added: 3, removed: 2 });
  });

  it('refuses text that is not a diff, and hunks that end early', () => {
    expect(() => parseUnifiedDiff('please change the readme')).toThrow(DiffParseError);
    expect(() => parseUnifiedDiff('--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\nnot a hunk line\n')).toThrow(/ends early/);
  });
});

describe('protected paths', () => {
  it('matches globs by path, and bare names by basename', () => {
    expect(matchesAny('server/src/auth/principal.ts', HIVE_PROTECTED_PATHS)).toBe('server/src/auth/**');
    expect(matchesAny('server/src/sandbox/docker-runner.ts', HIVE_PROTECTED_PATHS)).toBe('server/src/sandbox/**');
    expect(matchesAny('server/src/services/task-service.ts', HIVE_PROTECTED_PATHS)).toBeUndefined();
    expect(matchesAny('deploy/keys/prod.pem', ['*.pem'])).toBe('*.pem');
    expect(matchesAny('server/src/authz.ts', ['server/src/auth/**'])).toBeUndefined();
    // Spelling a path differently does not dodge a glob.
    expect(matchesAny('server/src/x/../auth/principal.ts', HIVE_PROTECTED_PATHS)).toBe('server/src/auth/**');
    expect(matchesAny('./server//src/./sandbox/a.ts', HIVE_PROTECTED_PATHS)).toBe('server/src/sandbox/**');
  });

  it("adds Hive's own list only to Hive's own repository", () => {
    expect(protectedPathsFor({ name: 'hive', protectedPaths: ['x/**'] })).toEqual([...HIVE_PROTECTED_PATHS, 'x/**']);
    expect(protectedPathsFor({ name: 'demo', protectedPaths: ['x/**'] })).toEqual(['x/**']);
  });
});

describe('risk', () => {
  const risk = (diff: string) => {
    const files = parseUnifiedDiff(diff);
    return assessPatchRisk(files, diffStat(files));
  };

  it('is low for a small change and says why', () => {
    expect(risk(edit('src/a.ts', 3, 'a', 'b'))).toEqual({ level: 'low', reasons: ['small patch: 2 lines changed'] });
  });

  it('rises with tests removed, migrations, build files and secrets-like content', () => {
    expect(risk('--- a/src/a.test.ts\n+++ b/src/a.test.ts\n@@ -1,2 +1,1 @@\n-it(1)\n-it(2)\n+it(1)\n').level).toBe('high');
    expect(risk(edit('drizzle/0009_x.sql', 1, 'a', 'b')).reasons.join()).toMatch(/migrations/);
    expect(risk(edit('package.json', 1, 'a', 'b'))).toMatchObject({ level: 'medium' });
    const secret = risk(edit('src/config.ts', 1, 'a', 'const apiKey = "sk-ant-abcdefghijklmnopqrstu"'));
    expect(secret.level).toBe('critical');
    expect(secret.reasons.at(-1)).toMatch(/Anthropic API key/);
  });

  it('rates prompt and config changes by lines changed', () => {
    expect(assessTextRisk('prompt', { added: 1, removed: 0 }, 'x').level).toBe('low');
    expect(assessTextRisk('prompt', { added: 60, removed: 60 }, 'x').level).toBe('high');
    expect(assessTextRisk('config', { added: 1, removed: 1 }, '-----BEGIN RSA PRIVATE KEY-----').level).toBe('critical');
  });
});

describe('conflicts and line changes', () => {
  it('conflict when hunks overlap in the same file, not when they are apart', () => {
    const a = parseUnifiedDiff(edit('f.ts', 10, 'x', 'y'));
    expect(patchesConflict(a, parseUnifiedDiff(edit('f.ts', 10, 'x', 'z')))).toMatch(/f.ts around line 10/);
    expect(patchesConflict(a, parseUnifiedDiff(edit('f.ts', 40, 'x', 'z')))).toBeUndefined();
    expect(patchesConflict(a, parseUnifiedDiff(edit('g.ts', 10, 'x', 'z')))).toBeUndefined();
  });

  it('counts added and removed lines', () => {
    expect(lineChanges('a\nb\nc', 'a\nB\nc\nd')).toEqual({ added: 2, removed: 1 });
    expect(lineChanges('', 'x')).toEqual({ added: 1, removed: 0 });
  });
});
