/**
 * The Anthropic provider through the real SDK against the local Messages API server
 * (DESIGN §7): streaming, mapping, retries and the request queue.
 */
import { APIError, BadRequestError } from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startMessagesApiServer, type MessagesApiServer, type ScriptedTurn } from '../../../test-support/messages-api-server.js';
import { AnthropicProvider, DEFAULT_ANTHROPIC_MODEL, type AnthropicProviderConfig } from '../anthropic.js';
import type { ModelRequest } from '../port.js';

let api: MessagesApiServer | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function setup(script: ScriptedTurn[], config: Partial<AnthropicProviderConfig> = {}) {
  api = await startMessagesApiServer(script);
  // Short back-off so retry tests are quick; retry-after is still honoured in full.
  const provider = new AnthropicProvider({ apiKey: 'test', baseURL: api.url, retry: { initialDelayMs: 10, maxDelayMs: 50 }, ...config });
  return { api, provider };
}

const tools = [{ name: 'read_file', description: 'Read a file', input_schema: { type: 'object', properties: { path: { type: 'string' } } } }];
const request: ModelRequest = { system: 'You are a test agent.', messages: [{ role: 'user', content: 'Fix the bug' }], tools, maxTokens: 512 };

describe('AnthropicProvider', () => {
  it('streams text to onText and maps tool use, stop reason, usage and model', async () => {
    const { api, provider } = await setup([
      { text: 'I will read the file first.', toolUses: [{ name: 'read_file', input: { path: 'src/a.ts' }, id: 'toolu_1' }], usage: { input_tokens: 120, output_tokens: 30 } },
    ]);
    const deltas: string[] = [];
    const response = await provider.complete(request, { onText: (d) => deltas.push(d) });

    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe('I will read the file first.');
    expect(response).toEqual({
      content: [
        { type: 'text', text: 'I will read the file first.' },
        { type: 'tool_use', id: 'toolu_1', name: 'read_file', input: { path: 'src/a.ts' } },
      ],
      stopReason: 'tool_use',
      usage: { inputTokens: 120, outputTokens: 30 },
      model: DEFAULT_ANTHROPIC_MODEL,
    });
    const sent = api.requests[0]!;
    expect(sent).toMatchObject({ model: DEFAULT_ANTHROPIC_MODEL, max_tokens: 512, system: 'You are a test agent.', stream: true });
    expect(sent.tools).toEqual([{ name: 'read_file', description: 'Read a file', input_schema: tools[0]!.input_schema }]);
  });

  it('sends tool results back in the shape the API expects', async () => {
    const { api, provider } = await setup([
      (body) => {
        expect(body.messages[2]).toEqual({
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'no such file', is_error: true }],
        });
        return { text: 'The file is missing.' };
      },
    ]);
    const response = await provider.complete({
      ...request,
      messages: [
        { role: 'user', content: 'Fix the bug' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'read_file', input: { path: 'x' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'no such file', is_error: true }] },
      ],
    });
    expect(response.stopReason).toBe('end_turn');
    expect(api.scriptErrors).toEqual([]);
  });

  it('sends the thinking blocks of a tool-use turn back with its results', async () => {
    const { api, provider } = await setup([
      { thinking: 'Need to look at the file.', toolUses: [{ name: 'read_file', input: { path: 'a' }, id: 'toolu_t' }] },
      (body) => {
        expect(body.messages[1]).toEqual({
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Need to look at the file.', signature: 'sig_test_0' },
            { type: 'tool_use', id: 'toolu_t', name: 'read_file', input: { path: 'a' } },
          ],
        });
        return { text: 'Done.' };
      },
    ]);
    const first = await provider.complete(request);
    expect(first.content).toEqual([{ type: 'tool_use', id: 'toolu_t', name: 'read_file', input: { path: 'a' } }]);
    await provider.complete({
      ...request,
      messages: [
        request.messages[0]!,
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_t', content: 'a' }] },
      ],
    });
    expect(api.scriptErrors).toEqual([]);
  });

  it('defaults to a model the SDK does not call deprecated', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const { provider } = await setup([{ text: 'ok' }, { text: 'ok' }]);
      await provider.complete(request);
      expect(warn).not.toHaveBeenCalled();
      // The check can fail: the SDK does warn for a model on its deprecated list.
      const old = new AnthropicProvider({ apiKey: 'test', baseURL: api!.url, model: 'claude-sonnet-4-5' });
      await old.complete(request);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/deprecated/));
    } finally {
      warn.mockRestore();
    }
  });

  it('uses the configured model and prices usage at its list price', async () => {
    const { api, provider } = await setup([{ text: 'ok' }], { model: 'claude-opus-5-5' });
    await provider.complete(request);
    expect(api.requests[0]!.model).toBe('claude-opus-5-5');
    expect(provider.costUsd({ inputTokens: 1_000_000, outputTokens: 1_000_000 })).toBeCloseTo(24);
  });

  it('retries a 429 once, after at least its retry-after', async () => {
    const { api, provider } = await setup([{ status: 429, retryAfterSeconds: 1 }, { text: 'ok' }]);
    const response = await provider.complete(request);
    expect(response.content).toEqual([{ type: 'text', text: 'ok' }]);
    expect(api.requests).toHaveLength(2);
    const [limited, retried] = api.exchanges;
    expect(retried!.startedAt - limited!.endedAt!).toBeGreaterThanOrEqual(999);
  });

  it('honours retry-after-ms over retry-after', async () => {
    const { api, provider } = await setup([{ status: 429, retryAfterMs: 300, retryAfterSeconds: 30 }, { text: 'ok' }]);
    const started = Date.now();
    await provider.complete(request);
    expect(Date.now() - started).toBeLessThan(5_000);
    const [limited, retried] = api.exchanges;
    expect(retried!.startedAt - limited!.endedAt!).toBeGreaterThanOrEqual(299);
  });

  it('retries 529 overloaded, 500 and a stream broken by an overloaded_error event', async () => {
    const { api, provider } = await setup([{ status: 529 }, { status: 500 }, { streamError: { type: 'overloaded_error' } }, { text: 'ok' }]);
    const response = await provider.complete(request);
    expect(response.content).toEqual([{ type: 'text', text: 'ok' }]);
    expect(api.exchanges.map((e) => e.status)).toEqual([529, 500, 200, 200]);
  });

  it('does not retry a 400', async () => {
    const { api, provider } = await setup([{ status: 400, message: 'max_tokens too large' }, { text: 'never' }]);
    await expect(provider.complete(request)).rejects.toBeInstanceOf(BadRequestError);
    expect(api.requests).toHaveLength(1);
  });

  it('gives up after maxRetries', async () => {
    const { api, provider } = await setup([{ status: 529 }, { status: 529 }, { status: 529 }], { retry: { maxRetries: 2, initialDelayMs: 5, maxDelayMs: 10 } });
    const error = await provider.complete(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(529);
    expect(api.requests).toHaveLength(3);
  });

  it('stops waiting to retry when aborted', async () => {
    const { provider } = await setup([{ status: 529 }, { text: 'too late' }], { retry: { initialDelayMs: 60_000, maxDelayMs: 60_000 } });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 100);
    await expect(provider.complete(request, { signal: controller.signal })).rejects.toBeDefined();
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('aborts a request in flight', async () => {
    const { provider } = await setup([{ text: 'slow', delayMs: 5_000 }]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    await expect(provider.complete(request, { signal: controller.signal })).rejects.toBeDefined();
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

describe('AnthropicProvider request queue', () => {
  it('with concurrency 1, two concurrent requests do not overlap at the server', async () => {
    const { api, provider } = await setup([{ text: 'one', delayMs: 200 }, { text: 'two', delayMs: 200 }], { maxConcurrency: 1 });
    await Promise.all([provider.complete(request), provider.complete(request)]);
    expect(api.peakConcurrency).toBe(1);
    const [first, second] = api.exchanges;
    expect(second!.startedAt).toBeGreaterThanOrEqual(first!.endedAt!);
  });

  it('with concurrency 2, the same two requests do overlap (the check above can fail)', async () => {
    const { api, provider } = await setup([{ text: 'one', delayMs: 200 }, { text: 'two', delayMs: 200 }], { maxConcurrency: 2 });
    await Promise.all([provider.complete(request), provider.complete(request)]);
    expect(api.peakConcurrency).toBe(2);
  });

  it('after a 429, holds other requests until the retry-after time', async () => {
    const { api, provider } = await setup([{ status: 429, retryAfterSeconds: 1 }, { text: 'a' }, { text: 'b' }], { maxConcurrency: 4 });
    const first = provider.complete(request);
    await until(() => provider.queue.pausedUntil > 0);
    const second = provider.complete(request);
    await Promise.all([first, second]);
    const limitedAt = api.exchanges[0]!.endedAt!;
    for (const later of api.exchanges.slice(1)) expect(later.startedAt - limitedAt).toBeGreaterThanOrEqual(999);
  });
});

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
