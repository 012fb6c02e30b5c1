import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeWorkspace, type TestWorkspace } from './workspace.js';

let ws: TestWorkspace;
beforeEach(async () => {
  ws = await makeWorkspace();
});
afterEach(async () => {
  await ws.remove();
});

const gitIn = (dir: string, ...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });

describe('git tools', () => {
  it('git_status says there is no repository yet', async () => {
    expect((await ws.run('git_status', {})).output).toMatch(/not a git repository yet/);
  });

  it('git_commit creates a repository with the agent identity; git_status is then clean', async () => {
    await writeFile(join(ws.dir, 'a.txt'), 'hello\n');
    const commit = await ws.run('git_commit', { message: 'Add a', all: true });
    expect(commit.isError).toBeFalsy();
    expect(commit.output).toMatch(/^Committed [0-9a-f]{7,} Add a/);
    expect(commit.output).toContain('a.txt');
    expect(existsSync(join(ws.dir, '.git'))).toBe(true);
    expect(gitIn(ws.dir, 'log', '-1', '--format=%an <%ae>').trim()).toBe('Hive agent <agent@hive.invalid>');

    const status = await ws.run('git_status', {});
    expect(status.output).toBe('## main\nnothing to commit, working tree clean');
  });

  it('git_status and git_diff show changes; staged diff after staging', async () => {
    await writeFile(join(ws.dir, 'a.txt'), 'one\n');
    await ws.run('git_commit', { message: 'first', all: true });
    await writeFile(join(ws.dir, 'a.txt'), 'two\n');
    await writeFile(join(ws.dir, 'new.txt'), 'new\n');

    expect((await ws.run('git_status', {})).output).toBe('## main\n M a.txt\n?? new.txt');
    const diff = (await ws.run('git_diff', {})).output;
    expect(diff).toContain('diff --git a/a.txt b/a.txt');
    expect(diff).toContain('-one\n+two');
    expect((await ws.run('git_diff', { staged: true })).output).toBe('No staged changes.');

    gitIn(ws.dir, 'add', 'a.txt');
    expect((await ws.run('git_diff', { staged: true })).output).toContain('+two');
    const commit = await ws.run('git_commit', { message: 'only staged' });
    expect(commit.output).toContain('a.txt');
    expect((await ws.run('git_status', {})).output).toBe('## main\n?? new.txt');
  });

  it('git_commit with nothing to commit is an error, not a crash', async () => {
    await writeFile(join(ws.dir, 'a.txt'), 'x\n');
    await ws.run('git_commit', { message: 'first', all: true });
    const again = await ws.run('git_commit', { message: 'again', all: true });
    expect(again.isError).toBe(true);
    expect(again.output).toMatch(/Nothing committed: .*nothing to commit/s);
  });

  it('never uses a repository above the workspace', async () => {
    // The test workspace's parent becomes a repository; the workspace itself is not one.
    const parent = join(ws.dir, '..');
    gitIn(parent, 'init', '-q');
    expect((await ws.run('git_status', {})).output).toMatch(/not a git repository yet/);
    await writeFile(join(ws.dir, 'a.txt'), 'x\n');
    await ws.run('git_commit', { message: 'inside', all: true });
    expect(existsSync(join(ws.dir, '.git'))).toBe(true);
    expect(gitIn(parent, 'status', '--short')).not.toContain('a.txt');
  });
});
