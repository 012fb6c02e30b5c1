/**
 * The offline ModelProvider (DESIGN §2): no network, deterministic, and able to do real
 * tool work, so `npm start` without an API key still shows agents planning, calling
 * tools and finishing. It is a tiny interpreter over the conversation: the task text (the
 * first user message) holds directives (see offline/directives.ts), each becomes one tool
 * call per turn, and the number of tool calls already in the conversation says which step
 * comes next. Everything it says starts with "Offline model:" so nobody mistakes it for
 * real work.
 */
import { readConversation } from './offline/conversation.js';
import { parseTask } from './offline/directives.js';
import { buildPlan } from './offline/plan.js';
import { finalReport, progressText } from './offline/report.js';
import type { CompleteOptions, ContentBlock, ModelProvider, ModelRequest, ModelResponse, ModelUsage } from './port.js';

export const OFFLINE_MODEL_ID = 'hive-offline-1';

export class OfflineModel implements ModelProvider {
  readonly name = 'offline' as const;
  readonly offline = true;
  readonly model = OFFLINE_MODEL_ID;

  async complete(request: ModelRequest, options: CompleteOptions = {}): Promise<ModelResponse> {
    options.signal?.throwIfAborted();
    const conversation = readConversation(request.messages);
    const task = parseTask(conversation.taskText);
    const plan = buildPlan(task, new Set(request.tools.map((t) => t.name)));
    const next = conversation.toolUses.length;

    let content: ContentBlock[];
    if (next < plan.steps.length) {
      const step = plan.steps[next]!;
      const text = progressText(next, plan);
      options.onText?.(text);
      // Ids only need to be unique within the conversation; the step index makes them stable.
      content = [
        { type: 'text', text },
        { type: 'tool_use', id: `toolu_offline_${String(next).padStart(3, '0')}`, name: step.tool, input: step.input(conversation.results) },
      ];
    } else {
      const text = finalReport(task.title, plan, conversation.results);
      options.onText?.(text);
      content = [{ type: 'text', text }];
    }
    return {
      content,
      stopReason: content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn',
      usage: {
        inputTokens: approximateTokens(request.system) + approximateTokens(request.messages) + approximateTokens(request.tools),
        outputTokens: approximateTokens(content),
      },
      model: this.model,
    };
  }

  costUsd(_usage: ModelUsage): number {
    return 0;
  }
}

/** About four characters per token: close enough for budgets to be exercised offline. */
function approximateTokens(value: unknown): number {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return Math.ceil(text.length / 4);
}
