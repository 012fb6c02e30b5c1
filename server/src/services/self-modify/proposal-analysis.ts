/**
 * What a proposal is before anyone looks at it: its resolved base, what it touches, its risk,
 * and a refusal when it is malformed, stale or touches a protected path. Pure reads: nothing
 * is written here.
 */
import type { DiffStat, ProposeInput } from '../../../../shared/index.js';
import { AppError } from '../../errors.js';
import type { GitPort } from '../../git/port.js';
import type { Repositories } from '../../store/store.js';
import { lineChanges } from './line-diff.js';
import { matchesAny, normalizePath, protectedPathsFor } from './protected-paths.js';
import { assessPatchRisk, assessTextRisk, type Risk } from './risk.js';
import { DiffParseError, diffStat, parseUnifiedDiff, type FilePatch } from './unified-diff.js';

export interface Analysis {
  baseRef: string;
  stat: DiffStat;
  risk: Risk;
  /** Code patches only: the parsed files, for conflict detection. */
  files: FilePatch[] | null;
}

type Input = Pick<ProposeInput, 'kind' | 'target' | 'content' | 'baseRef'>;

export function parsePatch(content: string): FilePatch[] {
  try {
    return parseUnifiedDiff(content);
  } catch (err) {
    if (err instanceof DiffParseError) throw AppError.field('content', `not a unified diff: ${err.message}`);
    throw err;
  }
}

export async function analyseProposal(repos: Repositories, git: GitPort, input: Input): Promise<Analysis> {
  switch (input.kind) {
    case 'code_patch':
      return analysePatch(repos, git, input);
    case 'prompt':
      return analysePrompt(repos, input);
    case 'config':
      return analyseConfig(repos, input);
  }
}

async function analysePatch(repos: Repositories, git: GitPort, input: Input): Promise<Analysis> {
  const repository = await repos.codeRepositories.get(input.target);
  if (!repository) {
    const known = (await repos.codeRepositories.list()).map((r) => r.name);
    throw AppError.field('target', `no repository named ${input.target} is registered${known.length ? ` (registered: ${known.join(', ')})` : ''}`);
  }
  const files = parsePatch(input.content);
  const guarded = protectedPathsFor(repository);
  for (const file of files) {
    for (const path of [file.path, file.oldPath]) {
      if (path && (path.startsWith('/') || normalizePath(path).startsWith('../'))) throw AppError.field('content', `${path} lies outside the repository`);
      const pattern = path ? matchesAny(path, guarded) : undefined;
      if (pattern) {
        throw AppError.field('content', `changes the protected path ${path} (${pattern}): proposals may not change authentication, approval or sandbox code`);
      }
    }
  }
  const ref = input.baseRef ?? repository.targetBranch;
  const baseRef = await git.resolveCommit(repository.path, ref);
  if (!baseRef) throw AppError.field('baseRef', `${ref} is not a commit of repository ${repository.name}`);
  const stat = diffStat(files);
  return { baseRef, stat, risk: assessPatchRisk(files, stat), files };
}

/** baseRef of a text proposal: the active version, as a string; anything else is stale. */
function textBase(input: Input, active: number, what: string): string {
  const base = input.baseRef ?? String(active);
  if (base !== String(active)) throw AppError.field('baseRef', `the active version of ${what} is ${active}, not ${base}: propose against the active version`);
  return base;
}

function textStat(path: string, before: string, after: string, isNew: boolean): DiffStat {
  const { added, removed } = lineChanges(before, after);
  return { files: [{ path, added, removed, change: isNew ? 'added' : 'modified' }], added, removed };
}

async function analysePrompt(repos: Repositories, input: Input): Promise<Analysis> {
  const type = await repos.agentTypes.get(input.target);
  if (!type) throw AppError.field('target', `unknown agent type ${input.target}`);
  const baseRef = textBase(input, type.activePromptVersion, `the ${input.target} prompt`);
  const previous = (await repos.agentTypes.getPrompt(input.target, type.activePromptVersion))?.prompt ?? '';
  if (previous === input.content) throw AppError.field('content', `is identical to prompt version ${baseRef}`);
  const stat = textStat(`prompts/${input.target}`, previous, input.content, false);
  return { baseRef, stat, risk: assessTextRisk('prompt', stat, input.content), files: null };
}

async function analyseConfig(repos: Repositories, input: Input): Promise<Analysis> {
  if (!/^[a-z0-9][a-z0-9._-]{0,99}$/.test(input.target)) throw AppError.field('target', 'a config document name: lowercase letters, digits, dot, dash, underscore');
  const doc = await repos.configDocuments.get(input.target);
  const baseRef = textBase(input, doc?.activeVersion ?? 0, `config document ${input.target}`);
  if (doc?.content === input.content) throw AppError.field('content', `is identical to version ${baseRef} of ${input.target}`);
  const stat = textStat(input.target, doc?.content ?? '', input.content, !doc);
  return { baseRef, stat, risk: assessTextRisk('config', stat, input.content), files: null };
}
