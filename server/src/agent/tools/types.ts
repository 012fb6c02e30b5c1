/**
 * A tool the agent worker offers the model. Workspace tools act only inside the agent's own
 * workspace directory; hub tools (messages, subtasks, context, proposals) go through the hub.
 */
export interface ToolContext {
  /** Absolute path of the agent's workspace; no tool may touch anything outside it. */
  workspace: string;
  signal?: AbortSignal;
}

export interface ToolOutcome {
  /** What the model sees as the tool_result content. */
  output: string;
  isError?: boolean;
}

export interface AgentTool {
  name: string;
  description: string;
  /** JSON Schema (type "object") of the input, shown to the model. */
  inputSchema: Record<string, unknown>;
  /** Validate `input` (never trust the model) and act. Errors become `{ isError: true }` outcomes. */
  run(input: unknown, ctx: ToolContext): Promise<ToolOutcome>;
}
