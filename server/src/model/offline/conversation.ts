/**
 * What the offline model needs from a conversation: the task (the first user message),
 * the tool calls it has made so far, and the result each one got.
 */
import type { ContentBlock, ModelMessage, ToolUseBlock } from '../port.js';

export interface StepResult {
  output: string;
  isError: boolean;
}

export interface ConversationState {
  taskText: string;
  /** Tool calls made so far, in order; its length is the index of the next step. */
  toolUses: ToolUseBlock[];
  /** Result of toolUses[i], or undefined if none came back. */
  results: Array<StepResult | undefined>;
}

export function readConversation(messages: ModelMessage[]): ConversationState {
  const first = messages.find((m) => m.role === 'user');
  const taskText = first ? textOf(first.content) : '';
  const toolUses: ToolUseBlock[] = [];
  const resultsById = new Map<string, StepResult>();
  for (const message of messages) {
    if (typeof message.content === 'string') continue;
    for (const block of message.content) {
      if (message.role === 'assistant' && block.type === 'tool_use') toolUses.push(block);
      if (message.role === 'user' && block.type === 'tool_result') {
        resultsById.set(block.tool_use_id, { output: block.content, isError: block.is_error === true });
      }
    }
  }
  return { taskText, toolUses, results: toolUses.map((use) => resultsById.get(use.id)) };
}

function textOf(content: string | ContentBlock[]): string {
  if (typeof content === 'string') return content;
  return content
    .filter((b): b is Extract<ContentBlock, { type: 'text' }> => b.type === 'text')
    .map((b) => b.text)
    .join('\n');
}
