/**
 * The real @anthropic-ai/sdk in an agent worker process, talking to a local server that
 * speaks the Messages API (streaming, tool_use / tool_result) and replays a scripted
 * conversation: a multi-step task with file edits and a delegated subtask, through REST.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, Task } from '../../../shared/index.js';
import { createTestApp, type TestApp } from '../../test-support/app.js';
import { startMessagesApiServer, type MessagesApiServer, type MessagesRequestBody, type ScriptedOutcome } from '../../test-support/messages-api-server.js';
import { waitFor } from '../../test-support/wait.js';

function firstUserText(req: MessagesRequestBody): string {
  const first = req.messages[0]?.content;
  return typeof first === 'string' ? first : JSON.stringify(first);
}

/** Every request is answered by looking at the conversation so far, like a model would. */
function conversation(req: MessagesRequestBody): ScriptedOutcome {
  const step = req.messages.filter((m) => m.role === 'assistant').length;
  if (firstUserText(req).includes('Write tests for the app')) {
    return step === 0 ? { toolUses: [{ name: 'write_file', input: { path: 'app.test.txt', content: 'ok' } }] } : { text: 'Tests written.' };
  }
  switch (step) {
    case 0:
      return { text: 'I will create the app.', toolUses: [{ name: 'write_file', input: { path: 'src/app.ts', content: 'export const answer = 41;\n' } }] };
    case 1:
      return { toolUses: [{ name: 'edit_file', input: { path: 'src/app.ts', old_string: '41', new_string: '42' } }] };
    case 2:
      return { toolUses: [{ name: 'create_subtask', input: { title: 'Write tests for the app', type: 'qa' } }] };
    default:
      return { text: 'The app is written and a QA subtask is queued.', usage: { input_tokens: 1000, output_tokens: 50 } };
  }
}

describe('agent loop on the real SDK against a scripted Messages API', () => {
  let api: MessagesApiServer;
  let t: TestApp;
  beforeAll(async () => {
    api = await startMessagesApiServer(Array.from({ length: 20 }, () => conversation));
    t = await createTestApp('pglite', {
      reachableHub: true,
      workerEnv: { ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: api.url },
    });
  });
  afterAll(async () => {
    await t?.close();
    await api?.close();
  });

  it('edits files, delegates a subtask, and both complete end to end through REST', async () => {
    const backend = await (await t.call('POST', '/agents', { as: 'operator', body: { name: 'builder', type: 'backend', start: true } })).json() as Agent;
    await t.call('POST', '/agents', { as: 'operator', body: { name: 'tester', type: 'qa', start: true } });
    const task = (await (await t.call('POST', '/tasks', { as: 'operator', body: { title: 'Build the app', type: 'backend' } })).json()) as Task;

    const done = await waitFor('the task and its subtask to complete', async () => {
      const page = (await (await t.call('GET', '/tasks?limit=10')).json()) as { items: Task[] };
      const sub = page.items.find((x) => x.parentTaskId === task.id);
      const main = page.items.find((x) => x.id === task.id);
      return main?.status === 'completed' && sub?.status === 'completed' ? { main, sub } : null;
    }, 60_000, 200);

    expect(done.main.result).toMatchObject({ summary: 'The app is written and a QA subtask is queued.', offline: false, toolCalls: 3 });
    expect(done.sub).toMatchObject({ title: 'Write tests for the app', type: 'qa' });
    expect(readFileSync(join(t.dataDir, 'agents', 'workspaces', backend.id, 'src', 'app.ts'), 'utf8')).toBe('export const answer = 42;\n');
    // The worker streamed (SSE) and fed tool results back with the ids the model gave.
    const builderRequests = api.requests.filter((r) => firstUserText(r).includes('Build the app'));
    expect(builderRequests.every((r) => r.stream === true)).toBe(true);
    const secondTurn = builderRequests[1]!.messages.at(-1)!.content as { type: string; tool_use_id: string; content: string }[];
    expect(secondTurn[0]).toMatchObject({ type: 'tool_result', tool_use_id: expect.any(String) });
    expect(builderRequests[0]!.system).toEqual(expect.stringContaining('backend engineer'));
    // Cost is recorded at list price for a non-offline model.
    expect(done.main.costUsd).toBeGreaterThan(0);
  });
});
