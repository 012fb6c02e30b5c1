/**
 * Request and response types of the REST API, derived from the shared zod schemas so
 * the dashboard and the hub cannot disagree about a field. Type-only: no zod code is
 * bundled into the dashboard.
 */
import type { z } from 'zod';
import type {
  Agent as AgentSchema,
  ChangePasswordInput as ChangePasswordInputSchema,
  CreateAgentInput as CreateAgentInputSchema,
  CreateTaskInput as CreateTaskInputSchema,
  EventPage as EventPageSchema,
  LoginInput as LoginInputSchema,
  Me as MeSchema,
  page,
  Task as TaskSchema,
} from '../../../shared/index.js';

export type {
  Agent,
  AgentListQuery,
  AgentStatus,
  AgentTypeKey,
  DomainEvent,
  Health,
  Role,
  Runtime,
  SystemStatus,
  Task,
  TaskListQuery,
  TaskStatus,
  User,
} from '../../../shared/index.js';

export type Me = z.output<typeof MeSchema>;
export type EventPage = z.output<typeof EventPageSchema>;

/** Bodies are the schemas' *input* side: fields with defaults may be left out. */
export type LoginInput = z.input<typeof LoginInputSchema>;
export type ChangePasswordInput = z.input<typeof ChangePasswordInputSchema>;
export type CreateAgentInput = z.input<typeof CreateAgentInputSchema>;
export type CreateTaskInput = z.input<typeof CreateTaskInputSchema>;

/** `{ items, total, limit, offset }` as built by the shared `page()` helper. */
type Page<Item extends z.ZodType> = z.output<ReturnType<typeof page<Item>>>;
export type AgentPage = Page<typeof AgentSchema>;
export type TaskPage = Page<typeof TaskSchema>;
