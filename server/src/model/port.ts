/**
 * The ModelProvider port (DESIGN §2), used by the agent worker's tool loop. Shaped like the
 * Anthropic Messages API so the real adapter stays thin. Adapters: `anthropic`
 * (@anthropic-ai/sdk, streaming) and `offline` (deterministic, no network).
 */

export interface TextBlock {
  type: 'text';
  text: string;
}
export interface ToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: Record<string, unknown>;
}
export interface ToolResultBlock {
  type: 'tool_result';
  tool_use_id: string;
  content: string;
  is_error?: boolean;
}
export type ContentBlock = TextBlock | ToolUseBlock | ToolResultBlock;

export interface ModelMessage {
  role: 'user' | 'assistant';
  content: string | ContentBlock[];
}

export interface ModelTool {
  name: string;
  description: string;
  /** JSON Schema of the tool's input (type: "object"). */
  input_schema: Record<string, unknown>;
}

export interface ModelRequest {
  system: string;
  messages: ModelMessage[];
  tools: ModelTool[];
  maxTokens: number;
}

export interface ModelUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface ModelResponse {
  content: ContentBlock[];
  stopReason: 'end_turn' | 'tool_use' | 'max_tokens' | 'stop_sequence' | 'refusal' | 'pause_turn';
  usage: ModelUsage;
  model: string;
}

export interface CompleteOptions {
  /** Streamed text as it arrives (for live progress in the dashboard). */
  onText?: (delta: string) => void;
  signal?: AbortSignal;
}

export interface ModelProvider {
  readonly name: 'anthropic' | 'offline';
  readonly model: string;
  /** True for the offline model: its work is a demonstration, never presented as real. */
  readonly offline: boolean;
  complete(request: ModelRequest, options?: CompleteOptions): Promise<ModelResponse>;
  /** Cost in US dollars of this usage at the model's list price (0 for offline). */
  costUsd(usage: ModelUsage): number;
}
