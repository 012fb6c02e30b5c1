/**
 * Added and removed line counts between two texts (prompt and config proposals), from the
 * longest common subsequence of their lines. Quadratic, so long inputs fall back to a
 * multiset count, which is exact for pure additions and removals and close otherwise.
 */
const LCS_LIMIT = 4_000_000;

export function lineChanges(before: string, after: string): { added: number; removed: number } {
  const a = before === '' ? [] : before.split('\n');
  const b = after === '' ? [] : after.split('\n');
  const common = a.length * b.length <= LCS_LIMIT ? lcsLength(a, b) : multisetCommon(a, b);
  return { added: b.length - common, removed: a.length - common };
}

function lcsLength(a: string[], b: string[]): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  for (const line of a) {
    const row = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) row[j] = line === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, row[j - 1]!);
    prev = row;
  }
  return prev[b.length]!;
}

function multisetCommon(a: string[], b: string[]): number {
  const counts = new Map<string, number>();
  for (const line of a) counts.set(line, (counts.get(line) ?? 0) + 1);
  let common = 0;
  for (const line of b) {
    const n = counts.get(line) ?? 0;
    if (n > 0) {
      common++;
      counts.set(line, n - 1);
    }
  }
  return common;
}
