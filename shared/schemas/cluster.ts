import { z } from 'zod';
import { AgentStatus, AgentTypeKey } from './agents.js';
import { Id, Name, Timestamp } from './common.js';

export const TARGET_KINDS = ['process', 'docker', 'kubernetes'] as const;

/** A place agents run (this hub's processes, a Docker host, a Kubernetes cluster). */
export const RuntimeTarget = z
  .object({
    id: z.string(),
    kind: z.enum(TARGET_KINDS),
    name: z.string(),
    address: z.string().nullable().describe('Docker host URL or Kubernetes context; null for the target this hub was configured with'),
    registered: z.boolean().describe('Registered through the API (may be deregistered); false for the hub’s configured runtime'),
    status: z.enum(['ok', 'degraded', 'down']),
    detail: z.string(),
    running: z.number().int().describe('Agent workers running there now (its load)'),
    capacity: z.number().int().nullable().describe('Most agents it takes; null = no set limit'),
    free: z.number().int().nullable().describe('capacity − running; null = no set limit'),
    draining: z.boolean().describe('A draining target gets no new agents'),
    lastHeartbeatAt: Timestamp.nullable().describe('When a hub last reached it (the heartbeat key in the broker)'),
    failedProbes: z.number().int().describe('Consecutive failed probes by this hub'),
    agents: z.array(z.object({ id: Id, name: z.string(), status: AgentStatus, type: AgentTypeKey })),
  })
  .meta({ id: 'RuntimeTarget' });
export type RuntimeTarget = z.infer<typeof RuntimeTarget>;

export const ClusterView = z.object({ targets: z.array(RuntimeTarget) }).meta({ id: 'Cluster' });
export const TargetParam = z.object({ id: z.string().min(1).max(200) });

/** unix:///path, tcp://host:port, http(s)://host:port or ssh://user@host[:port] (no path, no query). */
export const DOCKER_HOST_URL = /^(unix:\/\/\/[^\s?#]+|(tcp|http|https):\/\/[A-Za-z0-9.[\]:-]+(:\d{1,5})?\/?|ssh:\/\/[A-Za-z0-9._-]+@[A-Za-z0-9.[\]:-]+(:\d{1,5})?\/?)$/;
const Capacity = z.number().int().min(1).max(10_000).describe('Most agents placed there at once');

export const RegisterDockerTarget = z
  .object({
    kind: z.literal('docker'),
    name: Name,
    url: z.string().max(500).regex(DOCKER_HOST_URL, 'unix:///path, tcp://host:port, https://host:port or ssh://user@host').optional(),
    socketPath: z.string().max(500).regex(/^\/[^\s]*$/, 'an absolute path to the Engine socket').optional(),
    capacity: Capacity.optional(),
  })
  .strict()
  .refine((v) => (v.url === undefined) !== (v.socketPath === undefined), { message: 'give either url or socketPath', path: ['url'] });
export const RegisterKubernetesTarget = z
  .object({
    kind: z.literal('kubernetes'),
    name: Name,
    context: z.string().min(1).max(200).describe('kubeconfig context of the cluster (the hub’s HIVE_K8S_* settings apply)'),
    capacity: Capacity.optional(),
  })
  .strict();
export const RegisterTargetInput = z
  .discriminatedUnion('kind', [RegisterDockerTarget, RegisterKubernetesTarget])
  .meta({ id: 'RegisterTargetInput' });
export type RegisterTargetInput = z.infer<typeof RegisterTargetInput>;

export const AgentUsage = z
  .object({
    agentId: Id,
    cpuPercent: z.number().nullable().describe('Share of one core since the previous reading; null on the first'),
    memoryBytes: z.number().int(),
  })
  .meta({ id: 'AgentUsage' });
