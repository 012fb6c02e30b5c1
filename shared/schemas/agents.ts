import { z } from 'zod';
import { Id, Json, Name, Pagination, Timestamp } from './common.js';

/** The eight agent types Hive ships with; each has versioned system prompts. */
export const AGENT_TYPES = [
  'strategic_partner',
  'product_manager',
  'architect',
  'backend',
  'frontend',
  'devops',
  'qa',
  'meta',
] as const;
export const AgentTypeKey = z.enum(AGENT_TYPES);
export type AgentTypeKey = z.infer<typeof AgentTypeKey>;

export const AGENT_STATUSES = [
  'created',
  'starting',
  'idle',
  'busy',
  'paused',
  'sleeping',
  'stopping',
  'stopped',
  'failed',
  'lost',
  'inactive',
] as const;
export const AgentStatus = z.enum(AGENT_STATUSES);
export type AgentStatus = z.infer<typeof AgentStatus>;

export const RUNTIMES = ['process', 'docker', 'kubernetes'] as const;
export const Runtime = z.enum(RUNTIMES);
export type Runtime = z.infer<typeof Runtime>;

const Capability = z.string().trim().min(1).max(64).regex(/^[a-z0-9][a-z0-9_.:-]*$/, 'lowercase letters, digits, _ . : -');
export const Capabilities = z.array(Capability).max(32);

export const Agent = z
  .object({
    id: Id,
    name: Name,
    type: AgentTypeKey,
    role: z.string(),
    capabilities: z.array(z.string()),
    status: AgentStatus,
    runtime: Runtime,
    runtimeRef: z.string().nullable().describe('Process id, container id or pod name once spawned'),
    targetId: z.string().nullable().describe('The runtime target (GET /cluster) the agent was last placed on; null before its first spawn'),
    promptVersion: z.number().int(),
    sessionId: Id.nullable(),
    config: Json,
    lastHeartbeatAt: Timestamp.nullable(),
    tokenBudget: z.number().int().nullable().describe('Model tokens this agent may use; null = no limit'),
    tokensUsed: z.number().int(),
    costUsd: z.number(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Agent' });
export type Agent = z.infer<typeof Agent>;

export const CreateAgentInput = z
  .object({
    name: Name,
    type: AgentTypeKey,
    role: z.string().trim().max(500).optional(),
    capabilities: Capabilities.optional(),
    runtime: Runtime.default('process'),
    sessionId: Id.optional(),
    promptVersion: z.number().int().min(1).optional().describe('Defaults to the type’s active prompt version'),
    config: Json.optional(),
    tokenBudget: z.number().int().min(1).optional(),
    start: z.boolean().default(false).describe('Spawn the agent’s runtime right away'),
  })
  .strict()
  .meta({ id: 'CreateAgentInput' });
export type CreateAgentInput = z.infer<typeof CreateAgentInput>;

export const UpdateAgentInput = z
  .object({
    name: Name.optional(),
    role: z.string().trim().max(500).optional(),
    capabilities: Capabilities.optional(),
    promptVersion: z.number().int().min(1).optional(),
    config: Json.optional(),
    tokenBudget: z.number().int().min(1).nullable().optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'at least one field is required' })
  .meta({ id: 'UpdateAgentInput' });
export type UpdateAgentInput = z.infer<typeof UpdateAgentInput>;

export const AgentListQuery = Pagination.extend({
  status: AgentStatus.optional(),
  type: AgentTypeKey.optional(),
  runtime: Runtime.optional(),
  sessionId: Id.optional(),
  q: z.string().trim().max(120).optional().describe('Case-insensitive match on the name'),
});
export type AgentListQuery = z.infer<typeof AgentListQuery>;

export const AgentPrompt = z.object({
  version: z.number().int(),
  prompt: z.string(),
  createdBy: z.string(),
  createdAt: Timestamp,
});
export type AgentPrompt = z.infer<typeof AgentPrompt>;

export const AgentType = z
  .object({
    key: AgentTypeKey,
    name: z.string(),
    description: z.string(),
    defaultCapabilities: z.array(z.string()),
    activePromptVersion: z.number().int(),
    prompts: z.array(AgentPrompt),
  })
  .meta({ id: 'AgentType' });
export type AgentType = z.infer<typeof AgentType>;
