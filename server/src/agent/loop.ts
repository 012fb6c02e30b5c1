import type { Task } from '../../../shared/index.js';
import type { ContentBlock, ModelMessage, ModelProvider, ModelUsage, ToolResultBlock } from '../model/port.js';
import { inSpan, SpanKind } from '../observability/tracing.js';
import type { AgentTool } from './tools/types.js';

export interface LoopReporter {
  progress(kind: 'log' | 'text' | 'tool_call' | 'tool_result' | 'step', message: string, data?: Record<string, unknown>): void;
  /** Report usage and wait for the hub's verdict: at the budget it pauses us (signal aborts). */
  usage(model: string, usage: ModelUsage, costUsd: number): Promise<void>;
}

export class TaskFailure extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export interface LoopOptions {
  maxTurns: number;
  maxTokens: number;
}

const DEFAULTS: LoopOptions = { maxTurns: 40, maxTokens: 8192 };

function taskPrompt(task: Task): string {
  const context = Object.keys(task.context).length ? `\n\nContext:\n${JSON.stringify(task.context, null, 2)}` : '';
  // The title comes first: it is what the task is, and what the offline model names it by.
  return `${task.title}\n\n${task.description}${context}\n\n(Task id ${task.id}, attempt ${task.attempts} of ${task.maxAttempts})`.trim();
}

/**
 * The Claude tool-use loop: ask the model, run the tools it calls inside the workspace or
 * through the hub, feed back the results, until it answers without a tool call.
 */
export async function runTask(
  task: Task,
  systemPrompt: string,
  model: ModelProvider,
  tools: AgentTool[],
  workspace: string,
  reporter: LoopReporter,
  signal: AbortSignal,
  options: LoopOptions = DEFAULTS,
): Promise<Record<string, unknown>> {
  const messages: ModelMessage[] = [{ role: 'user', content: taskPrompt(task) }];
  const byName = new Map(tools.map((t) => [t.name, t]));
  const modelTools = tools.map((t) => ({ name: t.name, description: t.description, input_schema: t.inputSchema }));
  let toolCalls = 0;

  for (let turn = 1; turn <= options.maxTurns; turn++) {
    if (signal.aborted) throw new TaskFailure('cancelled', true);
    reporter.progress('step', `turn ${turn}`);
    let streamed = '';
    // GenAI semantic conventions (gen_ai.*), so trace backends show model calls as such.
    const genAi = { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': model.name, 'gen_ai.request.model': model.model, 'hive.model.offline': model.offline, 'hive.turn': turn };
    const response = await inSpan(`chat ${model.model}`, { kind: SpanKind.CLIENT, attributes: genAi }, async (span) => {
      const r = await model.complete(
        { system: systemPrompt, messages, tools: modelTools, maxTokens: options.maxTokens },
        { signal, onText: (delta) => (streamed += delta) },
      );
      span?.setAttributes({
        'gen_ai.response.model': r.model,
        'gen_ai.usage.input_tokens': r.usage.inputTokens,
        'gen_ai.usage.output_tokens': r.usage.outputTokens,
        'gen_ai.response.finish_reasons': [r.stopReason],
      });
      return r;
    });
    await reporter.usage(response.model, response.usage, model.costUsd(response.usage));
    if (signal.aborted) throw new TaskFailure('paused by the hub', true);
    messages.push({ role: 'assistant', content: response.content });
    const text = response.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('\n').trim();
    if (text || streamed) reporter.progress('text', text || streamed);

    const calls = response.content.filter((b): b is Extract<ContentBlock, { type: 'tool_use' }> => b.type === 'tool_use');
    if (response.stopReason !== 'tool_use' || calls.length === 0) {
      if (/^(Offline model: )?FAILED:/.test(text)) throw new TaskFailure(text, false);
      return { summary: text, turns: turn, toolCalls, model: response.model, offline: model.offline };
    }
    const results: ToolResultBlock[] = [];
    for (const call of calls) {
      toolCalls++;
      reporter.progress('tool_call', `${call.name} ${JSON.stringify(call.input).slice(0, 500)}`, { tool: call.name });
      const tool = byName.get(call.name);
      const outcome = await inSpan(`execute_tool ${call.name}`, { attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': call.name } }, async (span) => {
        const o = tool
          ? await tool.run(call.input, { workspace, signal }).catch((err: Error) => ({ output: err.message, isError: true }))
          : { output: `Unknown tool ${call.name}`, isError: true };
        span?.setAttribute('hive.tool.is_error', o.isError ?? false);
        return o;
      });
      reporter.progress('tool_result', outcome.output.slice(0, 2000), { tool: call.name, isError: outcome.isError ?? false });
      results.push({ type: 'tool_result', tool_use_id: call.id, content: outcome.output, ...(outcome.isError && { is_error: true }) });
    }
    messages.push({ role: 'user', content: results });
  }
  throw new TaskFailure(`gave up after ${options.maxTurns} turns without finishing`, false);
}
