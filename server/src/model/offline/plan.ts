/**
 * Turns a task into the offline model's plan: a fixed list of tool calls, some of whose
 * inputs depend on the results of earlier calls (append reads the file first, propose
 * looks at `git diff`). The plan is a pure function of the task and the offered tools, so
 * replaying a conversation always yields the same next step.
 */
import type { StepResult } from './conversation.js';
import { diffSectionFor, newFileDiff } from './diff.js';
import { slugify, type Directive, type Task } from './directives.js';

export interface Step {
  tool: string;
  /** One line for the progress text and the final summary. */
  label: string;
  /** The tool input, given the results of the steps before this one (by step index). */
  input(results: ReadonlyArray<StepResult | undefined>): Record<string, unknown>;
}

export interface Plan {
  steps: Step[];
  /** Directives left out because a tool they need is not offered, with what was missing. */
  skipped: string[];
  /** Set by a `fail:` directive: after the steps before it, finish with FAILED. */
  failure?: string;
}

/** Repository offline proposals target unless the directive names one (`propose <path> in <repo>: …`): Hive's own. */
export const OFFLINE_PROPOSAL_TARGET = 'hive';

export function buildPlan(task: Task, offered: ReadonlySet<string>): Plan {
  if (task.directives.length === 0) return genericPlan(task, offered);
  const plan: Plan = { steps: [], skipped: [] };
  const written = new Map<string, string>();
  for (const directive of task.directives) {
    if (directive.kind === 'fail') {
      plan.failure = directive.reason;
      break;
    }
    const needs = toolsNeeded(directive);
    const missing = needs.filter((tool) => !offered.has(tool));
    if (missing.length > 0) {
      plan.skipped.push(`${directive.line} (needs ${missing.join(', ')})`);
      continue;
    }
    addSteps(plan.steps, directive, offered, written, task);
  }
  return plan;
}

function toolsNeeded(d: Directive): string[] {
  switch (d.kind) {
    case 'write':
      return ['write_file'];
    case 'append':
      return ['read_file', 'write_file'];
    case 'read':
      return ['read_file'];
    case 'run':
      return ['run_command'];
    case 'commit':
      return ['git_commit'];
    case 'propose':
      return ['submit_proposal'];
    case 'delegate':
      return ['create_subtask'];
    case 'message':
      return ['send_message'];
    case 'remember':
      return ['store_context'];
    case 'recall':
      return ['search_context'];
    case 'fail':
      return [];
  }
}

function addSteps(steps: Step[], d: Directive, offered: ReadonlySet<string>, written: Map<string, string>, task: Task): void {
  const fixed = (tool: string, label: string, input: Record<string, unknown>) => steps.push({ tool, label, input: () => input });
  switch (d.kind) {
    case 'write': {
      const content = withNewline(d.content);
      written.set(d.path, content);
      return void fixed('write_file', `write ${d.path}`, { path: d.path, content });
    }
    case 'append': {
      const readIndex = steps.length;
      fixed('read_file', `read ${d.path} before appending`, { path: d.path });
      steps.push({
        tool: 'write_file',
        label: `append to ${d.path}`,
        input: (results) => {
          const read = results[readIndex];
          // A missing file reads as an error: appending to nothing creates it.
          const existing = read && !read.isError ? read.output : '';
          return { path: d.path, content: withNewline(existing) + withNewline(d.content) };
        },
      });
      return;
    }
    case 'read':
      return void fixed('read_file', `read ${d.path}`, { path: d.path });
    case 'run':
      return void fixed('run_command', `run \`${d.command}\``, { command: d.command });
    case 'commit':
      return void fixed('git_commit', `commit "${d.message}"`, { message: d.message, all: true });
    case 'propose': {
      const diffIndex = offered.has('git_diff') ? steps.length : undefined;
      if (diffIndex !== undefined) fixed('git_diff', `look at the diff for ${d.path}`, {});
      const ownContent = written.get(d.path);
      steps.push({
        tool: 'submit_proposal',
        label: `propose ${d.path}: ${d.title}`,
        input: (results) => {
          const gitDiff = diffIndex === undefined ? undefined : results[diffIndex];
          const fromGit = gitDiff && !gitDiff.isError ? diffSectionFor(gitDiff.output, d.path) : undefined;
          const content = fromGit ?? newFileDiff(d.path, ownContent ?? `${d.title}\n`);
          return {
            kind: 'code_patch',
            title: d.title,
            rationale: `Offline model demonstration for "${task.title}": proposes ${d.path} as the task asked. Deterministic, not real work.`,
            target: d.repository ?? OFFLINE_PROPOSAL_TARGET,
            content,
          };
        },
      });
      return;
    }
    case 'delegate':
      return void fixed('create_subtask', `delegate to ${d.agentType}: ${d.title}`, {
        title: d.title,
        type: d.agentType,
        description: `Delegated by the offline model while working on "${task.title}".`,
      });
    case 'message':
      return void fixed('send_message', `message ${d.toAgentId}`, { toAgentId: d.toAgentId, content: d.content });
    case 'remember':
      return void fixed('store_context', 'remember a note', { content: d.content, kind: 'note' });
    case 'recall':
      return void fixed('search_context', `recall "${d.query}"`, { query: d.query, limit: 5 });
    case 'fail':
      return;
  }
}

/** No directives: look around, then write down a short plan, like a cautious first step. */
function genericPlan(task: Task, offered: ReadonlySet<string>): Plan {
  const plan: Plan = { steps: [], skipped: [] };
  const listIndex = offered.has('list_files') ? 0 : undefined;
  if (listIndex !== undefined) plan.steps.push({ tool: 'list_files', label: 'look at the workspace', input: () => ({}) });
  else plan.skipped.push('look at the workspace (needs list_files)');
  const path = `notes/${slugify(task.title)}.md`;
  if (offered.has('write_file')) {
    plan.steps.push({
      tool: 'write_file',
      label: `write the plan to ${path}`,
      input: (results) => ({ path, content: planNotes(task, listIndex === undefined ? undefined : results[listIndex]) }),
    });
  } else {
    plan.skipped.push(`write the plan to ${path} (needs write_file)`);
  }
  return plan;
}

function planNotes(task: Task, listing: StepResult | undefined): string {
  const sentences = task.description
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, 5);
  const steps = sentences.length > 0 ? sentences : [`Find the code that "${task.title}" concerns`, 'Make the change', 'Check it works'];
  const entries = listing && !listing.isError ? listing.output.split('\n').filter((l) => l.trim() && !l.startsWith('[')) : [];
  const workspace =
    entries.length > 0
      ? `${entries.length} entries, starting with: ${entries.slice(0, 8).join(', ')}`
      : 'empty, or not listed';
  return [
    `# Plan: ${task.title}`,
    '',
    '_Written by the Hive offline model: a deterministic demonstration, not real work._',
    '',
    '## Task',
    task.description || task.title,
    '',
    '## Workspace',
    workspace,
    '',
    '## Steps',
    ...[...steps, 'Review the result and report back'].map((s, i) => `${i + 1}. ${s}`),
    '',
  ].join('\n');
}

function withNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}
