import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DiffLine } from '../diff-model.js';
import { diffLines, diffTexts, splitLines, toHunks } from '../line-diff.js';

/** The old and new texts an edit script describes. */
function sides(lines: readonly DiffLine[]): { old: string[]; next: string[] } {
  return {
    old: lines.filter((line) => line.kind !== 'add').map((line) => line.text),
    next: lines.filter((line) => line.kind !== 'del').map((line) => line.text),
  };
}

function compact(lines: readonly DiffLine[]): string[] {
  return lines.map((line) => `${line.kind === 'add' ? '+' : line.kind === 'del' ? '-' : ' '}${line.text}`);
}

describe('splitLines', () => {
  it('treats a final newline as the end of the last line', () => {
    expect(splitLines('a\nb\n')).toEqual(['a', 'b']);
    expect(splitLines('a\nb')).toEqual(['a', 'b']);
    expect(splitLines('a\n\n')).toEqual(['a', '']);
    expect(splitLines('')).toEqual([]);
    expect(splitLines('a\r\nb\r\n')).toEqual(['a', 'b']);
  });
});

describe('diffLines', () => {
  it('finds a changed line among unchanged ones, removal before addition', () => {
    expect(compact(diffLines(['a', 'b', 'c'], ['a', 'B', 'c']))).toEqual([' a', '-b', '+B', ' c']);
  });

  it('numbers lines in both texts', () => {
    const lines = diffLines(['a', 'b', 'c'], ['a', 'x', 'y', 'c']);
    expect(lines.map((line) => [line.kind, line.oldNo, line.newNo])).toEqual([
      ['context', 1, 1],
      ['del', 2, null],
      ['add', null, 2],
      ['add', null, 3],
      ['context', 3, 4],
    ]);
  });

  it('is minimal: a moved block costs only the lines moved', () => {
    const a = ['1', '2', '3', '4', '5', '6'];
    const b = ['1', '4', '5', '6', '2', '3'];
    const lines = diffLines(a, b);
    expect(lines.filter((line) => line.kind !== 'context')).toHaveLength(4);
  });

  it('handles empty sides', () => {
    expect(compact(diffLines([], ['a', 'b']))).toEqual(['+a', '+b']);
    expect(compact(diffLines(['a', 'b'], []))).toEqual(['-a', '-b']);
    expect(diffLines([], [])).toEqual([]);
  });

  it('always describes exactly the two texts, with no more edits than the naive script (property)', () => {
    const text = fc.array(fc.constantFrom('a', 'b', 'c', 'd', ''), { maxLength: 30 });
    fc.assert(
      fc.property(text, text, (a, b) => {
        const lines = diffLines(a, b);
        const { old, next } = sides(lines);
        expect(old).toEqual(a);
        expect(next).toEqual(b);
        const edits = lines.filter((line) => line.kind !== 'context').length;
        expect(edits).toBeLessThanOrEqual(a.length + b.length);
        // Equal texts have no edits at all.
        if (JSON.stringify(a) === JSON.stringify(b)) expect(edits).toBe(0);
        // Numbers count up on each side.
        const oldNos = lines.flatMap((line) => (line.oldNo === null ? [] : [line.oldNo]));
        expect(oldNos).toEqual(a.map((_, index) => index + 1));
      }),
      { numRuns: 300 },
    );
  });

  it('matches the LCS length (the minimal edit count) on small inputs (property)', () => {
    const lcs = (a: readonly string[], b: readonly string[]): number => {
      const table = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
      for (let i = 1; i <= a.length; i += 1) {
        for (let j = 1; j <= b.length; j += 1) {
          table[i]![j] = a[i - 1] === b[j - 1] ? table[i - 1]![j - 1]! + 1 : Math.max(table[i - 1]![j]!, table[i]![j - 1]!);
        }
      }
      return table[a.length]![b.length]!;
    };
    const text = fc.array(fc.constantFrom('x', 'y', 'z'), { maxLength: 12 });
    fc.assert(
      fc.property(text, text, (a, b) => {
        const context = diffLines(a, b).filter((line) => line.kind === 'context').length;
        expect(context).toBe(lcs(a, b));
      }),
      { numRuns: 300 },
    );
  });

  it('falls back to replacing everything when the texts differ too much, still correctly', () => {
    const a = Array.from({ length: 2500 }, (_, index) => `old ${index}`);
    const b = Array.from({ length: 2500 }, (_, index) => `new ${index}`);
    const lines = diffLines(a, b);
    expect(sides(lines)).toEqual({ old: a, next: b });
  });
});

describe('toHunks', () => {
  it('keeps three lines of context and merges nearby changes', () => {
    const a = Array.from({ length: 20 }, (_, index) => `line ${index + 1}`);
    const b = [...a];
    b[1] = 'changed 2';
    b[4] = 'changed 5';
    b[17] = 'changed 18';
    const hunks = toHunks(diffLines(a, b));
    expect(hunks.map((hunk) => hunk.header)).toEqual(['@@ -1,8 +1,8 @@', '@@ -15,6 +15,6 @@']);
    expect(hunks[0]!.lines[0]!.text).toBe('line 1');
    expect(hunks[1]!.lines.at(-1)!.text).toBe('line 20');
  });

  it('writes git-style headers for an added file and for a single line', () => {
    expect(toHunks(diffLines([], ['a', 'b'])).map((hunk) => hunk.header)).toEqual(['@@ -0,0 +1,2 @@']);
    expect(toHunks(diffLines(['a'], ['b'])).map((hunk) => hunk.header)).toEqual(['@@ -1 +1 @@']);
    expect(toHunks(diffLines(['a', 'b'], ['a', 'b', 'c'])).map((hunk) => hunk.header)).toEqual(['@@ -1,2 +1,3 @@']);
  });

  it('has no hunks when nothing changed', () => {
    expect(toHunks(diffLines(['a'], ['a']))).toEqual([]);
  });
});

describe('diffTexts', () => {
  it('diffs a prompt against its previous version with counts', () => {
    const file = diffTexts('qa', 'You are QA.\nBe brief.\n', 'You are QA.\nBe thorough.\nCite tests.\n');
    expect(file).toMatchObject({ path: 'qa', change: 'modified', added: 2, removed: 1 });
    expect(compact(file.hunks[0]!.lines)).toEqual([' You are QA.', '-Be brief.', '+Be thorough.', '+Cite tests.']);
  });

  it('shows a document without a previous version as all added', () => {
    const file = diffTexts('hive.yaml', null, 'a: 1\nb: 2\n');
    expect(file).toMatchObject({ change: 'added', added: 2, removed: 0 });
  });
});
