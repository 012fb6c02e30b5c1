/**
 * Git, driven through the `git` command line: the adapter behind the self-modify pipeline's
 * GitPort. Every call names the repository explicitly (`git -C <dir>`), never reads the
 * user's config for identity (commits are made as Hive, the people involved are trailers),
 * and fails with the command's own message.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GitPort, Trailers } from './port.js';

// Hive's identity (people go in trailers), no signing, and no hooks: a patch under review may
// change a tracked hooks directory, and hooks would run it on the host, outside the sandbox.
const IDENTITY = ['-c', 'user.name=Hive', '-c', 'user.email=hive@localhost', '-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null'];

export class GitError extends Error {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(message);
  }
}

function git(cwd: string, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('git', ['-C', cwd, ...IDENTITY, ...args], { maxBuffer: 64 * 1024 * 1024, timeout: 120_000, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' } }, (err, stdout, stderr) => {
      if (err) reject(new GitError(`git ${args[0]} failed: ${(stderr || stdout || err.message).trim().split('\n').slice(-3).join(' ')}`, `${stdout}${stderr}`));
      else resolve(stdout);
    });
    if (input !== undefined) child.stdin!.end(input);
  });
}

export function formatTrailers(trailers: Trailers): string {
  return Object.entries(trailers)
    .map(([key, value]) => `${key}: ${value.replace(/\s+/g, ' ').trim()}`)
    .join('\n');
}

export class GitCli implements GitPort {
  async isRepository(dir: string): Promise<boolean> {
    return git(dir, ['rev-parse', '--git-dir']).then(() => true, () => false);
  }

  async resolveCommit(repo: string, ref: string): Promise<string | null> {
    if (ref.startsWith('-')) return null;
    return git(repo, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).then((out) => out.trim() || null, () => null);
  }

  async addWorktree(repo: string, dir: string, ref: string, branch?: string): Promise<void> {
    await git(repo, branch ? ['worktree', 'add', '-B', branch, dir, ref] : ['worktree', 'add', '--detach', dir, ref]);
  }

  async removeWorktree(repo: string, dir: string): Promise<void> {
    await git(repo, ['worktree', 'remove', '--force', dir]).catch(() => rm(dir, { recursive: true, force: true }));
    await git(repo, ['worktree', 'prune']).catch(() => {});
  }

  async apply(worktree: string, patch: string): Promise<{ ok: boolean; output: string }> {
    const dir = await mkdtemp(join(tmpdir(), 'hive-patch-'));
    const file = join(dir, 'proposal.patch');
    try {
      await writeFile(file, patch.endsWith('\n') ? patch : `${patch}\n`);
      await git(worktree, ['apply', '--index', '--whitespace=nowarn', file]);
      return { ok: true, output: '' };
    } catch (err) {
      return { ok: false, output: (err as GitError).output ?? (err as Error).message };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async commit(worktree: string, subject: string, body: string, trailers: Trailers): Promise<string> {
    await git(worktree, ['commit', '--no-verify', '--allow-empty', '-m', subject, ...(body ? ['-m', body] : []), '-m', formatTrailers(trailers)]);
    return (await git(worktree, ['rev-parse', 'HEAD'])).trim();
  }

  async checkedOutAt(repo: string, branch: string): Promise<string | null> {
    const out = await git(repo, ['worktree', 'list', '--porcelain']);
    let path: string | null = null;
    for (const line of out.split('\n')) {
      if (line.startsWith('worktree ')) path = line.slice('worktree '.length);
      else if (line === `branch refs/heads/${branch}`) return path;
    }
    return null;
  }

  async isClean(worktree: string): Promise<boolean> {
    return (await git(worktree, ['status', '--porcelain', '--untracked-files=no'])).trim() === '';
  }

  async merge(worktree: string, branch: string, subject: string, trailers: Trailers): Promise<string> {
    try {
      await git(worktree, ['merge', '--no-ff', '--no-verify', '-m', subject, '-m', formatTrailers(trailers), branch]);
    } catch (err) {
      await git(worktree, ['merge', '--abort']).catch(() => {});
      throw err;
    }
    return (await git(worktree, ['rev-parse', 'HEAD'])).trim();
  }

  async revert(worktree: string, commit: string, isMerge: boolean, subject: string, body: string, trailers: Trailers): Promise<string> {
    try {
      await git(worktree, ['revert', '--no-commit', ...(isMerge ? ['-m', '1'] : []), commit]);
    } catch (err) {
      await git(worktree, ['revert', '--abort']).catch(() => {});
      throw err;
    }
    return this.commit(worktree, subject, body, trailers);
  }

  async stagedPaths(worktree: string): Promise<string[]> {
    // -z: names exactly as git stores them (no quoting); renames and copies give old and new.
    const out = await git(worktree, ['diff', '--cached', '--name-status', '-z', '-M', '-C', 'HEAD']);
    const fields = out.split('\0').filter(Boolean);
    const paths: string[] = [];
    for (let i = 0; i < fields.length; ) {
      const status = fields[i++]!;
      const count = /^[RC]/.test(status) ? 2 : 1;
      paths.push(...fields.slice(i, i + count));
      i += count;
    }
    return paths;
  }
}
