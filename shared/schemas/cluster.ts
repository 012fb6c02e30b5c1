import { z } from 'zod';
import { AgentStatus, AgentTypeKey } from './agents.js';
import { Id } from './common.js';

/** A place agents run (this hub's processes, a Docker host, a Kubernetes cluster). */
export const RuntimeTarget = z
  .object({
    id: z.string(),
    kind: z.string(),
    name: z.string(),
    status: z.enum(['ok', 'degraded', 'down']),
    detail: z.string(),
    running: z.number().int().describe('Agent workers running there now'),
    capacity: z.number().int().nullable().describe('Most agents it takes; null = no set limit'),
    draining: z.boolean().describe('A draining target gets no new agents'),
    agents: z.array(z.object({ id: Id, name: z.string(), status: AgentStatus, type: AgentTypeKey })),
  })
  .meta({ id: 'RuntimeTarget' });
export type RuntimeTarget = z.infer<typeof RuntimeTarget>;

export const ClusterView = z.object({ targets: z.array(RuntimeTarget) }).meta({ id: 'Cluster' });
export const TargetParam = z.object({ id: z.string().min(1).max(200) });

export const AgentUsage = z
  .object({
    agentId: Id,
    cpuPercent: z.number().nullable().describe('Share of one core since the previous reading; null on the first'),
    memoryBytes: z.number().int(),
  })
  .meta({ id: 'AgentUsage' });
