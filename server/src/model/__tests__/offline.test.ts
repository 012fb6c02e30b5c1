import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { workspaceTools } from '../../agent/tools/index.js';
import { OfflineModel } from '../offline.js';
import type { ContentBlock, ModelMessage, ModelRequest, ModelTool } from '../port.js';

type FakeTool = (input: Record<string, unknown>) => { output: string; isError?: boolean } | Promise<{ output: string; isError?: boolean }>;
const ALL_TOOLS = [
  'read_file', 'write_file', 'edit_file', 'list_files', 'search_files', 'run_command', 'git_status', 'git_diff', 'git_commit',
  'create_subtask', 'send_message', 'store_context', 'search_context', 'submit_proposal',
];
const toolDefs = (names: string[]): ModelTool[] => names.map((name) => ({ name, description: name, input_schema: { type: 'object' } }));
const ok: FakeTool = () => ({ output: 'ok' });

/** A minimal agent loop: ask the model, run the tool it asks for, send the result back. */
async function runLoop(task: string, tools: Record<string, FakeTool>, offered = Object.keys(tools)) {
  const model = new OfflineModel();
  const messages: ModelMessage[] = [{ role: 'user', content: task }];
  const calls: Array<{ name: string; input: Record<string, unknown> }> = [];
  for (let turn = 0; turn < 50; turn++) {
    const request: ModelRequest = { system: 'test', messages: [...messages], tools: toolDefs(offered), maxTokens: 4096 };
    const response = await model.complete(request);
    messages.push({ role: 'assistant', content: response.content });
    const uses = response.content.filter((b): b is Extract<ContentBlock, { type: 'tool_use' }> => b.type === 'tool_use');
    if (response.stopReason !== 'tool_use') {
      const text = response.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
      return { calls, text, response, messages };
    }
    expect(uses).toHaveLength(1);
    const results: ContentBlock[] = [];
    for (const use of uses) {
      calls.push({ name: use.name, input: use.input });
      const result = await (tools[use.name] ?? (() => ({ output: `unknown tool ${use.name}`, isError: true })))(use.input);
      results.push({ type: 'tool_result', tool_use_id: use.id, content: result.output, ...(result.isError ? { is_error: true } : {}) });
    }
    messages.push({ role: 'user', content: results });
  }
  throw new Error('the offline model never finished');
}

const everyTool = Object.fromEntries(ALL_TOOLS.map((n) => [n, ok]));

describe('OfflineModel', () => {
  it('is labelled offline and free', () => {
    const model = new OfflineModel();
    expect(model).toMatchObject({ name: 'offline', offline: true, model: 'hive-offline-1' });
    expect(model.costUsd({ inputTokens: 1e6, outputTokens: 1e6 })).toBe(0);
  });

  it('is deterministic: the same request gives the same response', async () => {
    const request: ModelRequest = { system: 's', messages: [{ role: 'user', content: 'Build it\nwrite a.txt: hello\nrun: ls' }], tools: toolDefs(ALL_TOOLS), maxTokens: 100 };
    const a = await new OfflineModel().complete(request);
    const b = await new OfflineModel().complete(structuredClone(request));
    expect(a).toEqual(b);
  });

  it('follows directives in order, one tool call per turn, then finishes with a labelled summary', async () => {
    const task = [
      '# Ship the greeting',
      'Add a greeting file and test it.',
      '- write src/greet.txt: Hello\\nWorld',
      '- RUN: cat src/greet.txt',
      '- delegate qa: Test the greeting',
      '- remember: greetings live in src/greet.txt',
      '- message agent-7: greeting is ready',
      '- recall: greeting conventions',
      '- commit: Add greeting',
    ].join('\n');
    const { calls, text, response } = await runLoop(task, everyTool);
    expect(calls).toEqual([
      { name: 'write_file', input: { path: 'src/greet.txt', content: 'Hello\nWorld\n' } },
      { name: 'run_command', input: { command: 'cat src/greet.txt' } },
      { name: 'create_subtask', input: { title: 'Test the greeting', type: 'qa', description: expect.stringContaining('Ship the greeting') } },
      { name: 'store_context', input: { content: 'greetings live in src/greet.txt', kind: 'note' } },
      { name: 'send_message', input: { toAgentId: 'agent-7', content: 'greeting is ready' } },
      { name: 'search_context', input: { query: 'greeting conventions', limit: 5 } },
      { name: 'git_commit', input: { message: 'Add greeting', all: true } },
    ]);
    expect(response.stopReason).toBe('end_turn');
    expect(text.startsWith('Offline model:')).toBe(true);
    expect(text).toContain('Ship the greeting');
  });

  it('reports failed tool calls in its summary', async () => {
    const { text } = await runLoop('Task\nrun: false', { run_command: () => ({ output: 'exit code: 1', isError: true }) });
    expect(text).toMatch(/1 failed/);
    expect(text).toContain('run `false`: failed (exit code: 1)');
  });

  it('skips directives whose tool is not offered, and says so', async () => {
    const { calls, text } = await runLoop('Task\nwrite a.txt: x\ndelegate backend: API\nrun: ls', { write_file: ok, run_command: ok });
    expect(calls.map((c) => c.name)).toEqual(['write_file', 'run_command']);
    expect(text.startsWith('Offline model:')).toBe(true);
    expect(text).toContain('delegate backend: API (needs create_subtask)');
  });

  it('stops at fail: with a FAILED text, after the directives before it', async () => {
    const { calls, text, response } = await runLoop('Task\nwrite a.txt: x\nfail: cannot reach the database\nrun: never', everyTool);
    expect(calls.map((c) => c.name)).toEqual(['write_file']);
    expect(response.stopReason).toBe('end_turn');
    expect(text.startsWith('FAILED: cannot reach the database')).toBe(true);
    expect(text).toContain('Offline model:');
  });

  it('appends to what read_file returned', async () => {
    const { calls } = await runLoop('Task\nappend log.md: second', { read_file: () => ({ output: 'first' }), write_file: ok });
    expect(calls[1]).toEqual({ name: 'write_file', input: { path: 'log.md', content: 'first\nsecond\n' } });
    const missing = await runLoop('Task\nappend log.md: only', { read_file: () => ({ output: 'ENOENT', isError: true }), write_file: ok });
    expect(missing.calls[1]!.input).toEqual({ path: 'log.md', content: 'only\n' });
  });

  it('proposes the git diff of the file when there is one, else a diff of what it wrote', async () => {
    const gitDiff = 'diff --git a/other b/other\n+x\ndiff --git a/src/a.ts b/src/a.ts\n--- a/src/a.ts\n+++ b/src/a.ts\n@@ -1 +1 @@\n-old\n+new\n';
    const fromGit = await runLoop('Task\npropose src/a.ts: Improve a', { ...everyTool, git_diff: () => ({ output: gitDiff }) });
    expect(fromGit.calls.map((c) => c.name)).toEqual(['git_diff', 'submit_proposal']);
    expect(fromGit.calls[1]!.input).toMatchObject({ kind: 'code_patch', title: 'Improve a', target: 'hive', content: gitDiff.slice(gitDiff.indexOf('diff --git a/src')) });

    const fromOwn = await runLoop('Task\nwrite b.md: hi\npropose b.md: Add b', { ...everyTool, git_diff: () => ({ output: 'No unstaged changes.' }) });
    expect(fromOwn.calls[2]!.input.content).toBe('diff --git a/b.md b/b.md\nnew file mode 100644\n--- /dev/null\n+++ b/b.md\n@@ -0,0 +1,1 @@\n+hi\n');
    for (const field of ['title', 'rationale', 'target', 'content']) expect(fromOwn.calls[2]!.input[field]).toEqual(expect.any(String));

    const named = await runLoop('Task\nwrite c.md: hi\npropose c.md in demo: Add c', { ...everyTool, git_diff: () => ({ output: 'No unstaged changes.' }) });
    expect(named.calls[2]!.input).toMatchObject({ target: 'demo', title: 'Add c' });
  });

  it('without directives, lists the workspace and writes a plan note', async () => {
    const { calls, text } = await runLoop('Title: Improve error handling\nThe API returns 500 on bad input. It should return 400.', {
      list_files: () => ({ output: 'README.md\nsrc/' }),
      write_file: ok,
    });
    expect(calls.map((c) => c.name)).toEqual(['list_files', 'write_file']);
    expect(calls[1]!.input.path).toBe('notes/improve-error-handling.md');
    const note = String(calls[1]!.input.content);
    expect(note).toContain('# Plan: Improve error handling');
    expect(note).toContain('1. The API returns 500 on bad input.');
    expect(note).toContain('README.md, src/');
    expect(text.startsWith('Offline model:')).toBe(true);
  });

  it('streams its text through onText and counts tokens at about four characters each', async () => {
    const deltas: string[] = [];
    const request: ModelRequest = { system: 'x'.repeat(400), messages: [{ role: 'user', content: 'Task\nrun: ls' }], tools: [], maxTokens: 10 };
    const response = await new OfflineModel().complete(request, { onText: (t) => deltas.push(t) });
    expect(deltas.join('')).toBe((response.content[0] as { text: string }).text);
    expect(response.usage.inputTokens).toBeGreaterThanOrEqual(100);
    expect(response.usage.outputTokens).toBeGreaterThan(0);
  });

  it('honours an aborted signal', async () => {
    const request: ModelRequest = { system: '', messages: [{ role: 'user', content: 'x' }], tools: [], maxTokens: 10 };
    await expect(new OfflineModel().complete(request, { signal: AbortSignal.abort() })).rejects.toBeDefined();
  });
});

describe('OfflineModel with the real workspace tools', () => {
  let workspace: string | undefined;
  afterEach(async () => {
    if (workspace) await rm(workspace, { recursive: true, force: true });
  });

  it('does real work in a workspace', async () => {
    workspace = await mkdtemp(join(tmpdir(), 'hive-offline-'));
    const ctx = { workspace };
    const tools = Object.fromEntries(
      workspaceTools().map((tool) => [tool.name, (input: Record<string, unknown>) => tool.run(input, ctx)] as const),
    );
    const task = 'Greeting\nwrite hello.txt: hi\nappend hello.txt: there\nrun: wc -l hello.txt\ncommit: Add hello';
    const { text, messages } = await runLoop(task, tools);
    expect(await readFile(join(workspace, 'hello.txt'), 'utf8')).toBe('hi\nthere\n');
    expect(text).toMatch(/^Offline model: finished "Greeting" after 5 tool calls \(0 failed\)/);
    const results = messages.flatMap((m) => (typeof m.content === 'string' ? [] : m.content)).filter((b) => b.type === 'tool_result');
    expect(JSON.stringify(results)).toContain('2 hello.txt');
  });
});
