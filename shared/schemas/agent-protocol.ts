/**
 * The Socket.IO `/agents` protocol between the hub and an agent worker. The hub validates
 * every inbound payload with these schemas; a bad one gets an `error` event, never a crash.
 */
import { z } from 'zod';
import { AgentTypeKey } from './agents.js';
import { ContextKind } from './context.js';
import { Id, Json } from './common.js';
import { ProposeInput } from './proposals.js';
import { Task } from './tasks.js';

/**
 * W3C trace context (`traceparent`) carried with a task between the hub and its worker, so
 * the worker's spans and the hub's handling of its result join the task's trace.
 */
export const Traceparent = z.string().regex(/^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/, 'a W3C traceparent');

// ---- agent → hub ----
export const AgentReady = z.object({}).strict();
export const AgentHeartbeat = z.object({ taskId: Id.optional() }).strict();
export const TaskStarted = z.object({ taskId: Id, traceparent: Traceparent.optional() }).strict();
export const TaskProgress = z
  .object({
    taskId: Id,
    kind: z.enum(['log', 'text', 'tool_call', 'tool_result', 'step']),
    message: z.string().max(20_000),
    data: Json.optional(),
  })
  .strict();
export type TaskProgress = z.infer<typeof TaskProgress>;
export const TaskUsage = z
  .object({
    taskId: Id,
    model: z.string().max(200),
    inputTokens: z.number().int().min(0),
    outputTokens: z.number().int().min(0),
    costUsd: z.number().min(0),
  })
  .strict();
export type TaskUsage = z.infer<typeof TaskUsage>;
export const TaskResult = z.object({ taskId: Id, result: Json, traceparent: Traceparent.optional() }).strict();
export const TaskFailed = z
  .object({ taskId: Id, error: z.string().max(20_000), retryable: z.boolean().default(true), traceparent: Traceparent.optional() })
  .strict();

/** Requests an agent makes of the hub on the model's behalf (Socket.IO acks carry the answer). */
export const CreateSubtaskRequest = z
  .object({
    title: z.string().trim().min(1).max(300),
    description: z.string().max(50_000).default(''),
    type: AgentTypeKey.optional(),
    priority: z.number().int().min(0).max(100).optional(),
    parentTaskId: Id,
    traceparent: Traceparent.optional(),
  })
  .strict();
export const SendMessageRequest = z.object({ toAgentId: Id, content: z.string().trim().min(1).max(50_000) }).strict();
export const StoreContextRequest = z
  .object({
    content: z.string().trim().min(1).max(50_000),
    kind: ContextKind.default('note'),
    importance: z.number().min(0).max(1).default(0.5),
  })
  .strict();
export const SearchContextRequest = z
  .object({ query: z.string().trim().min(1).max(5000), limit: z.number().int().min(1).max(50).default(5) })
  .strict();
/** An agent proposes as itself: the hub fills in proposerAgentId from its token. */
export const SubmitProposalRequest = ProposeInput.omit({ proposerAgentId: true });

export type HubRequestResult<T = unknown> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

// ---- hub → agent ----
export const TaskAssignment = z.object({
  task: Task,
  systemPrompt: z.string(),
  promptVersion: z.number().int(),
  traceparent: Traceparent.optional(),
});
export type TaskAssignment = z.infer<typeof TaskAssignment>;
/** Stop working this task: it was cancelled, or its offer withdrawn because the answer came too late. */
export const TaskCancel = z.object({ taskId: Id, reason: z.string().max(500).optional() });
export type TaskCancel = z.infer<typeof TaskCancel>;

export const AGENT_EVENTS = {
  ready: 'agent:ready',
  heartbeat: 'agent:heartbeat',
  started: 'task:started',
  progress: 'task:progress',
  usage: 'task:usage',
  result: 'task:result',
  failed: 'task:failed',
  createSubtask: 'hub:create_subtask',
  sendMessage: 'hub:send_message',
  storeContext: 'hub:store_context',
  searchContext: 'hub:search_context',
  submitProposal: 'hub:submit_proposal',
  // hub → agent
  assign: 'task:assign',
  cancel: 'task:cancel',
  pause: 'agent:pause',
  resume: 'agent:resume',
  message: 'agent:message',
  error: 'hub:error',
} as const;
