/**
 * Runs git confined to the workspace. GIT_CEILING_DIRECTORIES stops git from walking up
 * into a parent repository when the workspace has none of its own (a workspace under the
 * hub's checkout would otherwise commit into the hub's repo).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { childEnv } from './child-env.js';

export const AGENT_GIT_NAME = 'Hive agent';
export const AGENT_GIT_EMAIL = 'agent@hive.invalid';

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function git(workspace: string, args: string[], signal?: AbortSignal): Promise<GitResult> {
  const root = await realpath(workspace);
  const env = childEnv({ GIT_CEILING_DIRECTORIES: dirname(root), GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' });
  // safe.directory: the workspace may belong to another uid (a mounted volume); command-line
  // config is one of the places git accepts it from.
  const fullArgs = ['-c', `safe.directory=${root}`, '-c', 'core.quotePath=false', ...args];
  return new Promise((resolve, reject) => {
    execFile('git', fullArgs, { cwd: root, env, signal, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof (error as { code?: unknown }).code !== 'number') return reject(error);
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** True when the workspace root itself holds a repository (never a parent's). */
export async function hasRepository(workspace: string): Promise<boolean> {
  const root = await realpath(workspace);
  return existsSync(join(root, '.git'));
}

/** Make the workspace a repository with a local identity, so agent commits always work. */
export async function ensureRepository(workspace: string, signal?: AbortSignal): Promise<void> {
  if (!(await hasRepository(workspace))) {
    const init = await git(workspace, ['-c', 'init.defaultBranch=main', 'init', '-q'], signal);
    if (init.code !== 0) throw new Error(`git init failed: ${init.stderr.trim()}`);
  }
  // A repository may come without an identity (fresh init, or a clone in a bare container):
  // commits then fail with "Please tell me who you are".
  const email = await git(workspace, ['config', '--local', '--get', 'user.email'], signal);
  if (email.code !== 0) {
    await git(workspace, ['config', '--local', 'user.name', AGENT_GIT_NAME], signal);
    await git(workspace, ['config', '--local', 'user.email', AGENT_GIT_EMAIL], signal);
  }
}
