import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throwaway git repository with one commit on `main`, for proposals to patch. */
export interface TempRepo {
  path: string;
  git(...args: string[]): string;
  remove(): void;
}

const IDENTITY = ['-c', 'user.name=Hive e2e', '-c', 'user.email=e2e@hive.invalid', '-c', 'commit.gpgsign=false'];

export function createTempRepo(files: Record<string, string>): TempRepo {
  const path = mkdtempSync(join(tmpdir(), 'hive-e2e-repo-'));
  const git = (...args: string[]) => execFileSync('git', [...IDENTITY, ...args], { cwd: path, encoding: 'utf8' }).trim();
  git('init', '-q', '-b', 'main');
  for (const [name, content] of Object.entries(files)) writeFileSync(join(path, name), content);
  git('add', '-A');
  git('commit', '-q', '-m', 'Initial commit');
  return { path, git, remove: () => rmSync(path, { recursive: true, force: true }) };
}
