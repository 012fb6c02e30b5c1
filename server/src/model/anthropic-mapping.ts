/**
 * Translation between the ModelProvider port and the SDK's Messages types. The port is
 * shaped like the Messages API, so this is mostly renaming, plus one thing the port cannot
 * express: thinking blocks (see AssistantTurnMemory).
 */
import type {
  ContentBlock as SdkContentBlock,
  ContentBlockParam,
  Message,
  MessageCreateParamsBase,
  MessageParam,
  StopReason as SdkStopReason,
  Tool,
} from '@anthropic-ai/sdk/resources/messages';
import type { ContentBlock, ModelMessage, ModelRequest, ModelResponse } from './port.js';

/**
 * Current models think by default, and the API wants the thinking blocks of an assistant
 * turn sent back, unchanged, with the tool results that answer it. The port's content
 * blocks have no thinking type, so the agent loop echoes back only text and tool_use.
 * This remembers, per tool-use turn, the exact blocks the API returned, and puts them back
 * when the same turn (same tool_use ids) comes round again. Bounded, because a long-lived
 * worker would otherwise keep every turn it ever saw.
 */
export class AssistantTurnMemory {
  #turns = new Map<string, ContentBlockParam[]>();
  constructor(private readonly capacity = 256) {}

  remember(content: SdkContentBlock[]): void {
    const key = turnKey(content);
    if (!key || !content.some((b) => b.type === 'thinking' || b.type === 'redacted_thinking')) return;
    this.#turns.delete(key);
    this.#turns.set(key, content.flatMap(toEchoParam));
    if (this.#turns.size > this.capacity) this.#turns.delete(this.#turns.keys().next().value!);
  }

  recall(content: ContentBlock[]): ContentBlockParam[] | undefined {
    const key = turnKey(content);
    return key ? this.#turns.get(key) : undefined;
  }
}

function turnKey(content: ReadonlyArray<{ type: string; id?: string }>): string | undefined {
  const ids = content.filter((b) => b.type === 'tool_use').map((b) => b.id);
  return ids.length > 0 ? ids.join(',') : undefined;
}

/** A response block as a request param, keeping only what the API accepts back. */
function toEchoParam(block: SdkContentBlock): ContentBlockParam[] {
  switch (block.type) {
    case 'thinking':
      return [{ type: 'thinking', thinking: block.thinking, signature: block.signature }];
    case 'redacted_thinking':
      return [{ type: 'redacted_thinking', data: block.data }];
    case 'text':
      return [{ type: 'text', text: block.text }];
    case 'tool_use':
      return [{ type: 'tool_use', id: block.id, name: block.name, input: block.input }];
    default:
      return [];
  }
}

export function toSdkParams(request: ModelRequest, model: string, memory?: AssistantTurnMemory): MessageCreateParamsBase {
  const params: MessageCreateParamsBase = {
    model,
    max_tokens: request.maxTokens,
    messages: request.messages.map((m) => toSdkMessage(m, memory)),
  };
  if (request.system) params.system = request.system;
  if (request.tools.length > 0) params.tools = request.tools.map(toSdkTool);
  return params;
}

function toSdkMessage(message: ModelMessage, memory?: AssistantTurnMemory): MessageParam {
  if (typeof message.content === 'string') return { role: message.role, content: message.content };
  const echoed = message.role === 'assistant' ? memory?.recall(message.content) : undefined;
  return { role: message.role, content: echoed ?? message.content.map(toSdkBlock) };
}

function toSdkBlock(block: ContentBlock): ContentBlockParam {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: block.text };
    case 'tool_use':
      return { type: 'tool_use', id: block.id, name: block.name, input: block.input };
    case 'tool_result':
      return { type: 'tool_result', tool_use_id: block.tool_use_id, content: block.content, ...(block.is_error ? { is_error: true } : {}) };
  }
}

function toSdkTool(tool: { name: string; description: string; input_schema: Record<string, unknown> }): Tool {
  return { name: tool.name, description: tool.description, input_schema: { ...tool.input_schema, type: 'object' } };
}

export function fromSdkMessage(message: Message): ModelResponse {
  const content: ContentBlock[] = [];
  for (const block of message.content) {
    if (block.type === 'text') content.push({ type: 'text', text: block.text });
    else if (block.type === 'tool_use') content.push({ type: 'tool_use', id: block.id, name: block.name, input: asRecord(block.input) });
    // Thinking and server-tool blocks have no place in the port; AssistantTurnMemory keeps thinking.
  }
  const usage = message.usage;
  return {
    content,
    stopReason: toPortStopReason(message.stop_reason),
    usage: {
      // Cached prompt tokens are still prompt tokens; counted here so budgets see them.
      inputTokens: usage.input_tokens + (usage.cache_creation_input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0),
      outputTokens: usage.output_tokens,
    },
    model: message.model,
  };
}

function toPortStopReason(reason: SdkStopReason | null): ModelResponse['stopReason'] {
  // The port has no "context window exceeded": like max_tokens, the reply was cut short.
  if (reason === 'model_context_window_exceeded') return 'max_tokens';
  return reason ?? 'end_turn';
}

function asRecord(input: unknown): Record<string, unknown> {
  return input !== null && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : { value: input };
}
