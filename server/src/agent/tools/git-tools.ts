import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { ensureRepository, git, hasRepository } from './git.js';
import { keepHead } from './output-limits.js';

const NO_REPOSITORY = 'The workspace is not a git repository yet (git_commit creates one).';

export const gitStatusTool = defineTool({
  name: 'git_status',
  description: 'Show the branch and which files are modified, staged or untracked in the workspace repository.',
  input: z.object({}),
  async run(_input, { workspace, signal }) {
    if (!(await hasRepository(workspace))) return NO_REPOSITORY;
    const status = await git(workspace, ['status', '--short', '--branch', '--untracked-files=all'], signal);
    if (status.code !== 0) return { output: `git status failed: ${status.stderr.trim()}`, isError: true };
    const lines = status.stdout.trimEnd().split('\n');
    const clean = lines.length <= 1;
    return keepHead(`${lines.join('\n')}${clean ? '\nnothing to commit, working tree clean' : ''}`);
  },
});

export const gitDiffTool = defineTool({
  name: 'git_diff',
  description: 'Show the unified diff of uncommitted changes to tracked files (or, with staged: true, of what is staged for the next commit).',
  input: z.object({
    staged: z.boolean().default(false).describe('Diff the staged changes instead of the unstaged ones'),
  }),
  async run({ staged }, { workspace, signal }) {
    if (!(await hasRepository(workspace))) return NO_REPOSITORY;
    const diff = await git(workspace, ['diff', '--no-color', '--no-ext-diff', ...(staged ? ['--staged'] : [])], signal);
    if (diff.code !== 0) return { output: `git diff failed: ${diff.stderr.trim()}`, isError: true };
    if (diff.stdout.length === 0) return staged ? 'No staged changes.' : 'No unstaged changes to tracked files (new files show in git_status).';
    return keepHead(diff.stdout, undefined, 'commit in smaller steps or read the files directly');
  },
});

export const gitCommitTool = defineTool({
  name: 'git_commit',
  description:
    'Commit in the workspace repository (creating the repository if there is none). With all: true every change, new files included, is staged first; otherwise only what is already staged is committed.',
  input: z.object({
    message: z.string().trim().min(1).describe('Commit message'),
    all: z.boolean().default(false).describe('Stage every change (git add -A) before committing'),
  }),
  async run({ message, all }, { workspace, signal }) {
    await ensureRepository(workspace, signal);
    if (all) {
      const add = await git(workspace, ['add', '-A'], signal);
      if (add.code !== 0) return { output: `git add failed: ${add.stderr.trim()}`, isError: true };
    }
    const commit = await git(workspace, ['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', message], signal);
    if (commit.code !== 0) {
      const why = `${commit.stdout}${commit.stderr}`.trim();
      return { output: `Nothing committed: ${why || `git commit exited with ${commit.code}`}`, isError: true };
    }
    const summary = await git(workspace, ['show', '--stat', '--format=%h %s', '--no-color', 'HEAD'], signal);
    return keepHead(`Committed ${summary.stdout.trim()}`);
  },
});
