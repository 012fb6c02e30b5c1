import { z } from 'zod';
import { AgentTypeKey, Capabilities } from './agents.js';
import { Id, Json, Pagination, Timestamp } from './common.js';
import { TASK_STATUSES, TASK_TRANSITIONS, canTransition } from '../task-states.js';

export const TaskStatus = z.enum(TASK_STATUSES);
export type TaskStatus = z.infer<typeof TaskStatus>;
export { TASK_STATUSES, TASK_TRANSITIONS, canTransition };

/** Priority 0 (lowest) to 100 (highest); ready tasks are dispatched highest first. */
export const Priority = z.number().int().min(0).max(100);

export const Task = z
  .object({
    id: Id,
    sessionId: Id.nullable(),
    parentTaskId: Id.nullable(),
    title: z.string(),
    description: z.string(),
    type: AgentTypeKey.nullable().describe('Agent type that should work the task; null = any'),
    requiredCapabilities: z.array(z.string()),
    priority: Priority,
    status: TaskStatus,
    dependencies: z.array(Id),
    context: Json,
    result: Json.nullable(),
    error: z.string().nullable(),
    assignedAgentId: Id.nullable(),
    attempts: z.number().int(),
    maxAttempts: z.number().int(),
    leaseExpiresAt: Timestamp.nullable(),
    availableAt: Timestamp.nullable().describe('A retrying task becomes ready again at this time'),
    tokensUsed: z.number().int(),
    costUsd: z.number(),
    createdBy: z.string(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    startedAt: Timestamp.nullable(),
    completedAt: Timestamp.nullable(),
  })
  .meta({ id: 'Task' });
export type Task = z.infer<typeof Task>;

export const CreateTaskInput = z
  .object({
    title: z.string().trim().min(1).max(300),
    description: z.string().max(50_000).default(''),
    type: AgentTypeKey.optional(),
    requiredCapabilities: Capabilities.default([]),
    priority: Priority.default(50),
    sessionId: Id.optional(),
    parentTaskId: Id.optional(),
    dependencies: z.array(Id).max(100).default([]),
    context: Json.default({}),
    maxAttempts: z.number().int().min(1).max(20).default(3),
  })
  .strict()
  .meta({ id: 'CreateTaskInput' });
export type CreateTaskInput = z.infer<typeof CreateTaskInput>;

export const TaskListQuery = Pagination.extend({
  status: TaskStatus.optional(),
  type: AgentTypeKey.optional(),
  sessionId: Id.optional(),
  agentId: Id.optional(),
  parentTaskId: Id.optional(),
  q: z.string().trim().max(120).optional().describe('Case-insensitive match on the title'),
});
export type TaskListQuery = z.infer<typeof TaskListQuery>;

export const UpdateTaskInput = z
  .object({
    title: z.string().trim().min(1).max(300).optional(),
    description: z.string().max(50_000).optional(),
    priority: Priority.optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'at least one field is required' })
  .meta({ id: 'UpdateTaskInput' });
export type UpdateTaskInput = z.infer<typeof UpdateTaskInput>;

export const TaskOutputQuery = z.object({
  after: z.coerce.number().int().min(0).default(0).describe('Return lines with id greater than this'),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

export const AssignTaskInput = z.object({ agentId: Id }).strict().meta({ id: 'AssignTaskInput' });
export const CompleteTaskInput = z
  .object({ result: Json, agentId: Id.optional() })
  .strict()
  .meta({ id: 'CompleteTaskInput' });
export const CancelTaskInput = z
  .object({ reason: z.string().trim().max(1000).optional() })
  .strict()
  .meta({ id: 'CancelTaskInput' });
