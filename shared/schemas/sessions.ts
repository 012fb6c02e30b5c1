import { z } from 'zod';
import { AgentTypeKey, Capabilities, Runtime } from './agents.js';
import { Id, Name, Pagination, Timestamp } from './common.js';

export const SESSION_STATUSES = ['created', 'running', 'stopped'] as const;
export const SessionStatus = z.enum(SESSION_STATUSES);
export type SessionStatus = z.infer<typeof SessionStatus>;

/** One line of a session's roster: this many agents of this type. */
export const SessionAgentSpec = z
  .object({
    type: AgentTypeKey,
    count: z.number().int().min(1).max(50).default(1),
    capabilities: Capabilities.optional(),
    runtime: Runtime.optional(),
  })
  .strict();
export type SessionAgentSpec = z.infer<typeof SessionAgentSpec>;

export const Session = z
  .object({
    id: Id,
    name: Name,
    description: z.string(),
    status: SessionStatus,
    agents: z.array(SessionAgentSpec),
    tokenBudget: z.number().int().nullable(),
    tokensUsed: z.number().int(),
    costUsd: z.number(),
    createdBy: z.string(),
    createdAt: Timestamp,
    startedAt: Timestamp.nullable(),
    stoppedAt: Timestamp.nullable(),
  })
  .meta({ id: 'Session' });
export type Session = z.infer<typeof Session>;

export const CreateSessionInput = z
  .object({
    name: Name,
    description: z.string().trim().max(5000).default(''),
    agents: z.array(SessionAgentSpec).max(20).default([]),
    tokenBudget: z.number().int().min(1).optional(),
  })
  .strict()
  .meta({ id: 'CreateSessionInput' });
export type CreateSessionInput = z.infer<typeof CreateSessionInput>;

export const SessionListQuery = Pagination.extend({ status: SessionStatus.optional() });
export type SessionListQuery = z.infer<typeof SessionListQuery>;
