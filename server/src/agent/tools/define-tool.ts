/**
 * Builds an AgentTool from a zod schema and a handler. The schema is both the validator
 * (the model's input is never trusted) and, through z.toJSONSchema, what the model is
 * shown, so the two cannot drift. Any failure becomes an isError result the model can
 * read and recover from; nothing a tool does should crash the agent loop.
 */
import { z } from 'zod';
import type { AgentTool, ToolContext, ToolOutcome } from './types.js';
import { WorkspacePathError } from './workspace-path.js';

export interface ToolSpec<Schema extends z.ZodType> {
  name: string;
  description: string;
  input: Schema;
  run(input: z.output<Schema>, ctx: ToolContext): Promise<ToolOutcome | string>;
}

export function defineTool<Schema extends z.ZodType>(spec: ToolSpec<Schema>): AgentTool {
  // io: 'input' so fields with defaults show as optional, which is what the model may send.
  const { $schema: _dialect, ...inputSchema } = z.toJSONSchema(spec.input, { io: 'input' }) as Record<string, unknown>;
  return {
    name: spec.name,
    description: spec.description,
    inputSchema,
    async run(input: unknown, ctx: ToolContext): Promise<ToolOutcome> {
      if (ctx.signal?.aborted) return { output: `${spec.name} was not run: the task was aborted`, isError: true };
      const parsed = spec.input.safeParse(input ?? {});
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`);
        return { output: `Invalid input for ${spec.name}:\n${issues.join('\n')}`, isError: true };
      }
      try {
        const outcome = await spec.run(parsed.data, ctx);
        return typeof outcome === 'string' ? { output: outcome } : outcome;
      } catch (error) {
        return { output: describeError(error), isError: true };
      }
    },
  };
}

/** Turn a thrown error into a sentence for the model; no stack traces, they only cost tokens. */
function describeError(error: unknown): string {
  if (error instanceof WorkspacePathError) return `Refused: ${error.message}`;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const known: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EISDIR: 'is a directory',
    ENOTDIR: 'a parent of the path is not a directory',
    EACCES: 'permission denied',
    EEXIST: 'already exists',
  };
  if (code && known[code]) return `Error: ${known[code]} (${code})`;
  return `Error: ${error instanceof Error ? error.message : String(error)}`;
}
