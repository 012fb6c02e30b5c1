import { z } from 'zod';
import { Id, Json, Timestamp } from './common.js';

/** Domain event types appended to the `events` log; the payload is the changed entity. */
export const EVENT_TYPES = [
  'agent.created',
  'agent.updated',
  'agent.deactivated',
  'session.created',
  'session.started',
  'session.stopped',
  'task.created',
  'task.updated',
  'message.sent',
  'context.stored',
  'checkpoint.created',
  'system.slept',
  'system.woke',
  'proposal.created',
  'proposal.updated',
  'proposal.reviewed',
  'user.changed',
  'budget.exhausted',
  'agent.lost',
  'cluster.target_registered',
  'cluster.target_deregistered',
  'cluster.target_down',
  'cluster.target_up',
] as const;
export const EventType = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof EventType>;

export const DomainEvent = z
  .object({
    seq: z.number().int().describe('Strictly increasing position in the event log'),
    id: Id,
    type: EventType,
    subject: z.string().describe('Resource the event is about, e.g. "task:<id>"'),
    actor: z.string(),
    payload: Json,
    createdAt: Timestamp,
  })
  .meta({ id: 'DomainEvent' });
export type DomainEvent = z.infer<typeof DomainEvent>;

export const EventListQuery = z.object({
  after: z.coerce.number().int().min(0).default(0).describe('Return events with seq greater than this'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  type: EventType.optional(),
  subject: z.string().max(200).optional(),
  order: z.enum(['asc', 'desc']).default('asc').describe('desc: the newest events first (for "recent activity")'),
});

export const EventPage = z.object({
  items: z.array(DomainEvent),
  lastSeq: z.number().int().describe('The highest seq on this page (resume after it)'),
  headSeq: z.number().int().describe('The highest seq in the whole log'),
});

/**
 * Socket.IO `/ui` protocol (dashboard ↔ hub).
 *
 * Rooms: `fleet` (every domain event), `cluster` (agent events), `approvals` (proposal
 * events), `agent:<id>` (events about that agent or its tasks and messages, plus its live
 * progress), `task:<id>` (events about that task, plus its live progress), `session:<id>`
 * (events of that session's agents and tasks).
 *
 * client → hub `ui:subscribe` UiSubscribe, with an ack → UiSubscribeResult. The hub joins the
 *   rooms, then sends the events after `afterSeq` that belong to them as one `ui:events` batch;
 *   when more than it will replay were missed, it answers `resync: true` instead and the client
 *   reloads its snapshots over REST.
 * client → hub `ui:unsubscribe` UiUnsubscribe.
 * hub → client `ui:events` UiEventBatch: committed domain events, batched over a few ms; a
 *   client in several rooms may see an event twice (dedupe by seq).
 * hub → client `ui:progress` UiProgressBatch: live, not stored in the event log (the task's
 *   stored output is at GET /tasks/{id}/output).
 */
export const UI_ROOM = /^(fleet|cluster|approvals|(agent|task|session):[0-9a-f-]{36})$/;
export const UiSubscribe = z
  .object({
    rooms: z.array(z.string().regex(UI_ROOM, 'fleet, cluster, approvals, agent:<id>, task:<id> or session:<id>')).min(1).max(50),
    afterSeq: z.number().int().min(0).optional(),
  })
  .strict();
export type UiSubscribe = z.infer<typeof UiSubscribe>;
export const UiUnsubscribe = z.object({ rooms: z.array(z.string().regex(UI_ROOM)).min(1).max(50) }).strict();
export const UiSubscribeResult = z.object({
  headSeq: z.number().int().describe('The newest seq in the log when the subscription took effect'),
  resync: z.boolean().describe('True when too much was missed: reload snapshots over REST'),
});
export type UiSubscribeResult = z.infer<typeof UiSubscribeResult>;

export const UiEventBatch = z.object({ events: z.array(DomainEvent) });
export type UiEventBatch = z.infer<typeof UiEventBatch>;

/** One line of an agent's live work: text, a tool call, a tool result, a step or a log line. */
export const ProgressItem = z.object({
  agentId: Id,
  taskId: Id,
  kind: z.enum(['log', 'text', 'tool_call', 'tool_result', 'step']),
  message: z.string(),
  data: Json.optional(),
  at: Timestamp,
});
export type ProgressItem = z.infer<typeof ProgressItem>;
export const UiProgressBatch = z.object({ items: z.array(ProgressItem) });

export const UI_EVENTS = {
  subscribe: 'ui:subscribe',
  unsubscribe: 'ui:unsubscribe',
  events: 'ui:events',
  progress: 'ui:progress',
} as const;

