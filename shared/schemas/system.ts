import { z } from 'zod';
import { Id, Json, Pagination, Timestamp } from './common.js';

export const ComponentHealth = z.object({
  status: z.enum(['ok', 'degraded', 'down']),
  adapter: z.string(),
  latencyMs: z.number().optional(),
  error: z.string().optional(),
});

export const Health = z
  .object({
    status: z.enum(['ok', 'degraded', 'down']),
    version: z.string(),
    uptimeSeconds: z.number(),
    model: z.object({ provider: z.string(), offline: z.boolean() }),
    components: z.record(z.string(), ComponentHealth),
  })
  .meta({ id: 'Health' });
export type Health = z.infer<typeof Health>;

export const Checkpoint = z
  .object({
    id: Id,
    label: z.string(),
    kind: z.enum(['manual', 'pre_apply', 'post_rollback', 'sleep']),
    gitCommit: z.string().nullable(),
    state: Json,
    createdBy: z.string(),
    createdAt: Timestamp,
  })
  .meta({ id: 'Checkpoint' });
export type Checkpoint = z.infer<typeof Checkpoint>;

export const CreateCheckpointInput = z
  .object({ label: z.string().trim().min(1).max(200) })
  .strict()
  .meta({ id: 'CreateCheckpointInput' });

export const SleepWakeCycle = z
  .object({
    id: Id,
    agentId: Id.nullable().describe('null when the whole system slept'),
    reason: z.string(),
    checkpointId: Id.nullable(),
    sleptAt: Timestamp,
    wokeAt: Timestamp.nullable(),
    summary: Json,
  })
  .meta({ id: 'SleepWakeCycle' });
export type SleepWakeCycle = z.infer<typeof SleepWakeCycle>;

export const SleepInput = z
  .object({
    agentId: Id.optional().describe('Put one agent to sleep; omit for the whole system'),
    reason: z.string().trim().max(500).default('requested'),
  })
  .strict()
  .meta({ id: 'SleepInput' });
export const WakeInput = z.object({ agentId: Id.optional() }).strict().meta({ id: 'WakeInput' });

export const PerformanceMetric = z
  .object({
    id: Id,
    agentId: Id.nullable(),
    taskId: Id.nullable(),
    name: z.string(),
    value: z.number(),
    unit: z.string(),
    labels: Json,
    recordedAt: Timestamp,
  })
  .meta({ id: 'PerformanceMetric' });
export type PerformanceMetric = z.infer<typeof PerformanceMetric>;

export const SystemStatus = z
  .object({
    sleeping: z.boolean(),
    currentCycle: SleepWakeCycle.nullable(),
    counts: z.object({
      agents: z.record(z.string(), z.number()),
      tasks: z.record(z.string(), z.number()),
    }),
  })
  .meta({ id: 'SystemStatus' });
export type SystemStatus = z.infer<typeof SystemStatus>;

export const CheckpointListQuery = Pagination;
