import { z } from 'zod';
import { AGENT_EVENTS, AGENT_TYPES, CONTEXT_KINDS, PROPOSAL_KINDS } from '../../../shared/index.js';
import type { HubConnection } from './hub-connection.js';
import type { AgentTool } from './tools/types.js';
import { currentTraceparent } from '../observability/tracing.js';

const withTraceparent = () => {
  const traceparent = currentTraceparent();
  return traceparent ? { traceparent } : {};
};

/** A tool the hub performs for the agent: validated here, checked again (and scoped) by the hub. */
function hubTool<S extends z.ZodObject>(
  hub: HubConnection,
  name: string,
  description: string,
  schema: S,
  event: string,
  toPayload: (input: z.output<S>) => unknown,
  summarise: (data: unknown) => string,
): AgentTool {
  return {
    name,
    description,
    inputSchema: z.toJSONSchema(schema) as Record<string, unknown>,
    async run(input) {
      const parsed = schema.safeParse(input);
      if (!parsed.success) return { output: `Invalid input: ${parsed.error.message}`, isError: true };
      try {
        return { output: summarise(await hub.request(event, toPayload(parsed.data))) };
      } catch (err) {
        return { output: `The hub refused: ${(err as Error).message}`, isError: true };
      }
    },
  };
}

/** Tools that reach beyond the workspace, all mediated by the hub (DESIGN §1). */
export function hubTools(hub: HubConnection, taskId: string): AgentTool[] {
  return [
    hubTool(
      hub,
      'create_subtask',
      'Delegate part of your task to another agent type. The subtask is queued; you do not wait for it.',
      z.object({
        title: z.string().min(1).max(300),
        description: z.string().max(50_000).optional(),
        type: z.enum(AGENT_TYPES).optional(),
        priority: z.number().int().min(0).max(100).optional(),
      }),
      AGENT_EVENTS.createSubtask,
      // The subtask joins the delegating task's trace.
      (i) => ({ ...i, description: i.description ?? '', parentTaskId: taskId, ...withTraceparent() }),
      (d) => `Created subtask ${(d as { id: string }).id}`,
    ),
    hubTool(
      hub,
      'send_message',
      'Send a message to another agent by id.',
      z.object({ toAgentId: z.uuid(), content: z.string().min(1).max(50_000) }),
      AGENT_EVENTS.sendMessage,
      (i) => i,
      (d) => `Message ${(d as { id: string }).id} sent`,
    ),
    hubTool(
      hub,
      'store_context',
      'Remember something for later (shared with your session).',
      z.object({ content: z.string().min(1).max(50_000), kind: z.enum(CONTEXT_KINDS).optional(), importance: z.number().min(0).max(1).optional() }),
      AGENT_EVENTS.storeContext,
      (i) => i,
      (d) => `Stored context ${(d as { id: string }).id}`,
    ),
    hubTool(
      hub,
      'search_context',
      'Search what you and your session remembered, most similar first.',
      z.object({ query: z.string().min(1).max(5000), limit: z.number().int().min(1).max(50).optional() }),
      AGENT_EVENTS.searchContext,
      (i) => i,
      (d) =>
        (d as { content: string; score: number }[]).map((h, n) => `${n + 1}. (${h.score.toFixed(2)}) ${h.content}`).join('\n') ||
        'Nothing found.',
    ),
    hubTool(
      hub,
      'submit_proposal',
      'Propose a change to code (unified diff), an agent prompt or a config document. A person reviews it before anything is applied.',
      z.object({
        kind: z.enum(PROPOSAL_KINDS),
        title: z.string().min(1).max(200),
        rationale: z.string().min(1).max(20_000),
        target: z.string().min(1).max(200),
        baseRef: z.string().min(1).max(200).optional().describe('The commit or version you changed; defaults to the current one'),
        content: z.string().min(1).max(2_000_000),
      }),
      AGENT_EVENTS.submitProposal,
      (i) => i,
      (d) => `Proposal ${(d as { id: string }).id} submitted for review`,
    ),
  ];
}
