/**
 * The risk level of a proposal, from what it touches, with every reason in words. The level
 * is the highest any reason gives; a reviewer sees all of them.
 */
import type { DiffStat, RiskLevel } from '../../../../shared/index.js';
import type { FilePatch } from './unified-diff.js';

export interface Risk {
  level: RiskLevel;
  reasons: string[];
}

const ORDER: readonly RiskLevel[] = ['low', 'medium', 'high', 'critical'];
export const riskRank = (level: RiskLevel) => ORDER.indexOf(level);

const TEST_FILE = /(^|\/)(__tests__|tests?|e2e)\/|\.(test|spec)\.[cm]?[jt]sx?$/;
const MIGRATION = /(^|\/)(drizzle|migrations?)\//;
const BUILD_OR_DEPLOY = /(^|\/)(package(-lock)?\.json|\.ci\/|\.github\/|Dockerfile|[^/]*\.Dockerfile|docker\/|k8s\/|compose\.ya?ml)/;

/** Patterns for things that should never be committed: keys, tokens, private keys, passwords. */
const SECRET_LIKE: readonly [RegExp, string][] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'a private key'],
  [/\bAKIA[0-9A-Z]{16}\b/, 'an AWS access key id'],
  [/\bsk-ant-[A-Za-z0-9_-]{16,}/, 'an Anthropic API key'],
  [/\bgh[pousr]_[A-Za-z0-9]{30,}/, 'a GitHub token'],
  [/\bxox[abpr]-[A-Za-z0-9-]{10,}/, 'a Slack token'],
  [/\b(api[_-]?key|secret|passw(or)?d|token)\b\s*[:=]\s*['"][^'"\s]{8,}['"]/i, 'a hard-coded credential'],
];

export function secretsIn(lines: readonly string[]): string[] {
  const found = new Set<string>();
  for (const line of lines) for (const [pattern, what] of SECRET_LIKE) if (pattern.test(line)) found.add(what);
  return [...found];
}

class Reasons {
  level: RiskLevel = 'low';
  readonly reasons: string[] = [];
  add(level: RiskLevel, reason: string): void {
    if (riskRank(level) > riskRank(this.level)) this.level = level;
    this.reasons.push(reason);
  }
  result(): Risk {
    return { level: this.level, reasons: this.reasons };
  }
}

function sizeReasons(r: Reasons, lines: number, thresholds: { medium: number; high: number }, what: string): void {
  if (lines > thresholds.high) r.add('high', `large ${what}: ${lines} lines changed`);
  else if (lines > thresholds.medium) r.add('medium', `${what} of ${lines} lines`);
  else r.add('low', `small ${what}: ${lines} line${lines === 1 ? '' : 's'} changed`);
}

export function assessPatchRisk(files: FilePatch[], stat: DiffStat): Risk {
  const r = new Reasons();
  sizeReasons(r, stat.added + stat.removed, { medium: 100, high: 400 }, 'patch');
  if (files.length > 15) r.add('high', `touches ${files.length} files`);
  else if (files.length > 5) r.add('medium', `touches ${files.length} files`);
  const tests = stat.files.filter((f) => TEST_FILE.test(f.path));
  if (tests.some((f) => f.change === 'deleted' || f.removed > f.added)) r.add('high', `removes tests: ${tests.map((f) => f.path).join(', ')}`);
  else if (tests.length) r.add('medium', `changes tests: ${tests.map((f) => f.path).join(', ')}`);
  const migrations = stat.files.filter((f) => MIGRATION.test(f.path));
  if (migrations.length) r.add('high', `changes database migrations: ${migrations.map((f) => f.path).join(', ')}`);
  const build = stat.files.filter((f) => BUILD_OR_DEPLOY.test(f.path));
  if (build.length) r.add('medium', `changes build, dependency or deployment files: ${build.map((f) => f.path).join(', ')}`);
  const deleted = stat.files.filter((f) => f.change === 'deleted');
  if (deleted.length) r.add('medium', `deletes ${deleted.map((f) => f.path).join(', ')}`);
  const binary = stat.files.filter((f) => f.change === 'binary');
  if (binary.length) r.add('high', `binary changes nobody can review line by line: ${binary.map((f) => f.path).join(', ')}`);
  const secrets = secretsIn(files.flatMap((f) => f.hunks.flatMap((h) => h.added)));
  if (secrets.length) r.add('critical', `adds what looks like ${secrets.join(' and ')}`);
  return r.result();
}

export function assessTextRisk(kind: 'prompt' | 'config', changes: { added: number; removed: number }, content: string): Risk {
  const r = new Reasons();
  const lines = changes.added + changes.removed;
  sizeReasons(r, lines, kind === 'prompt' ? { medium: 20, high: 100 } : { medium: 20, high: 200 }, kind === 'prompt' ? 'prompt change' : 'config change');
  if (kind === 'prompt') r.add('low', 'changes how every agent of this type behaves from its next task');
  const secrets = secretsIn(content.split('\n'));
  if (secrets.length) r.add('critical', `contains what looks like ${secrets.join(' and ')}`);
  return r.result();
}
