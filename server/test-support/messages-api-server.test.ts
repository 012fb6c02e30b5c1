import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { startMessagesApiServer, type MessagesApiServer } from './messages-api-server.js';

let api: MessagesApiServer | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const client = (url: string) => new Anthropic({ apiKey: 'test', baseURL: url, maxRetries: 0 });
const ask = { model: 'claude-sonnet-5-5', max_tokens: 100, messages: [{ role: 'user' as const, content: 'hi' }] };

describe('messages-api-server', () => {
  it('answers a JSON request the SDK parses', async () => {
    api = await startMessagesApiServer([{ text: 'Hello there', usage: { input_tokens: 7, output_tokens: 3 } }]);
    const message = await client(api.url).messages.create(ask);
    expect(message.content).toEqual([{ type: 'text', text: 'Hello there', citations: null }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage.input_tokens).toBe(7);
    expect(message.model).toBe('claude-sonnet-5-5');
    expect(api.requests[0]?.messages).toEqual(ask.messages);
  });

  it('streams text and tool use with the real event sequence', async () => {
    api = await startMessagesApiServer([{ text: 'Let me look.', toolUses: [{ name: 'list_files', input: { path: 'src', recursive: true } }] }]);
    const stream = client(api.url).messages.stream(ask);
    const deltas: string[] = [];
    const events: string[] = [];
    stream.on('text', (delta) => deltas.push(delta));
    stream.on('streamEvent', (event) => events.push(event.type));
    const message = await stream.finalMessage();
    expect(deltas.join('')).toBe('Let me look.');
    expect(deltas.length).toBeGreaterThan(1);
    expect(message.stop_reason).toBe('tool_use');
    const toolUse = message.content[1];
    expect(toolUse).toMatchObject({ type: 'tool_use', id: 'toolu_test_0_0', name: 'list_files', input: { path: 'src', recursive: true } });
    expect(events[0]).toBe('message_start');
    expect(events.at(-1)).toBe('message_stop');
    expect(events).toContain('message_delta');
    expect(api.requests[0]?.stream).toBe(true);
  });

  it('lets a scripted function see the request and choose the reply', async () => {
    api = await startMessagesApiServer([
      { toolUses: [{ name: 'read_file', input: { path: 'a' } }] },
      (body) => {
        const last = body.messages.at(-1);
        expect(last?.role).toBe('user');
        return { text: `saw ${JSON.stringify(last?.content)}` };
      },
    ]);
    const c = client(api.url);
    await c.messages.create(ask);
    const toolResult = [{ type: 'tool_result' as const, tool_use_id: 'toolu_test_0_0', content: 'file body' }];
    const second = await c.messages.create({ ...ask, messages: [...ask.messages, { role: 'user', content: toolResult }] });
    expect(second.content[0]).toMatchObject({ text: expect.stringContaining('file body') });
    expect(api.requests).toHaveLength(2);
  });

  it('injects HTTP failures with retry-after headers', async () => {
    api = await startMessagesApiServer([{ status: 429, retryAfterSeconds: 2 }, { status: 529 }]);
    const c = client(api.url);
    const rateLimited = await c.messages.create(ask).catch((e: unknown) => e);
    expect(rateLimited).toBeInstanceOf(Anthropic.RateLimitError);
    expect((rateLimited as InstanceType<typeof Anthropic.RateLimitError>).headers.get('retry-after')).toBe('2');
    const overloaded = await c.messages.create(ask).catch((e: unknown) => e);
    expect(overloaded).toMatchObject({ status: 529, type: 'overloaded_error' });
  });

  it('breaks a stream with an SSE error event when asked', async () => {
    api = await startMessagesApiServer([{ streamError: { type: 'overloaded_error' } }]);
    const error = await client(api.url).messages.stream(ask).finalMessage().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as InstanceType<typeof Anthropic.APIError>).type).toBe('overloaded_error');
  });

  it('refuses requests past the end of the script and records script errors', async () => {
    api = await startMessagesApiServer([
      () => {
        throw new Error('expected something else');
      },
    ]);
    const c = client(api.url);
    await expect(c.messages.create(ask)).rejects.toThrow(/expected something else/);
    await expect(c.messages.create(ask)).rejects.toThrow(/script has only 1 turns/);
    expect(api.scriptErrors).toHaveLength(1);
  });

  it('close() is safe to call twice', async () => {
    api = await startMessagesApiServer([]);
    await api.close();
    await api.close();
  });
});
