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
  'user.changed',
  'budget.exhausted',
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

/** Socket.IO /ui: what a client sends to (re)subscribe, resuming after the last seq it saw. */
export const UiSubscribe = z
  .object({
    rooms: z.array(z.string().regex(/^(fleet|cluster|approvals|(agent|task|session):[0-9a-f-]{36})$/)).max(50),
    afterSeq: z.number().int().min(0).optional(),
  })
  .strict();
export type UiSubscribe = z.infer<typeof UiSubscribe>;

export const UiEventBatch = z.object({ events: z.array(DomainEvent), lastSeq: z.number().int() });

