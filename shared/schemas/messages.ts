import { z } from 'zod';
import { Id, Json, Pagination, Timestamp } from './common.js';

/** A message between agents (or from a person to an agent), kept in `conversations`. */
export const Message = z
  .object({
    id: Id,
    sessionId: Id.nullable(),
    fromAgentId: Id.nullable(),
    toAgentId: Id.nullable(),
    fromUser: z.string().nullable(),
    role: z.enum(['user', 'agent', 'system']),
    content: z.string(),
    metadata: Json,
    createdAt: Timestamp,
  })
  .meta({ id: 'Message' });
export type Message = z.infer<typeof Message>;

export const SendMessageInput = z
  .object({
    toAgentId: Id,
    fromAgentId: Id.optional(),
    content: z.string().trim().min(1).max(50_000),
    metadata: Json.default({}),
  })
  .strict()
  .meta({ id: 'SendMessageInput' });
export type SendMessageInput = z.infer<typeof SendMessageInput>;

export const MessageListQuery = Pagination.extend({
  direction: z.enum(['in', 'out', 'both']).default('both'),
});
export type MessageListQuery = z.infer<typeof MessageListQuery>;
