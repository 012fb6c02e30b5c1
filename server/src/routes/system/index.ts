import { z } from 'zod';
import {
  Checkpoint,
  CheckpointListQuery,
  ComponentHealth,
  CreateCheckpointInput,
  Health,
  page,
  SleepInput,
  SleepWakeCycle,
  SystemStatus,
  WakeInput,
} from '../../../../shared/index.js';
import { actorLabel } from '../../auth/principal.js';
import { access, createRoute, errors, jsonBody, jsonResponse, newRouter } from '../../http/route.js';

const tags = ['system'];

const health = createRoute({
  method: 'get', path: '/system/health', ...access('public', 'The state of each component (store, broker, runtime); 503 when one is down', tags),
  responses: { 200: jsonResponse(Health, 'Healthy'), 503: jsonResponse(Health, 'A component is down') },
});
const Components = z.record(z.string(), ComponentHealth);
const ready = createRoute({
  method: 'get', path: '/system/ready', ...access('public', 'Readiness: can this hub serve requests? 503 when the store or the broker is down', tags),
  responses: {
    200: jsonResponse(z.object({ ready: z.literal(true), components: Components }), 'Ready'),
    503: jsonResponse(z.object({ ready: z.literal(false), reason: z.string(), components: Components }), 'Not ready'),
  },
});
const live = createRoute({
  method: 'get', path: '/system/live', ...access('public', 'Liveness: the process serves requests (touches no dependency)', tags),
  responses: { 200: jsonResponse(z.object({ live: z.literal(true), version: z.string(), uptimeSeconds: z.number() }), 'Alive') },
});
const status = createRoute({
  method: 'get', path: '/system/status', ...access('viewer', 'Counts by state and whether the system sleeps', tags),
  responses: { 200: jsonResponse(SystemStatus, 'System status'), ...errors },
});
const checkpoint = createRoute({
  method: 'post', path: '/system/checkpoint', ...access('operator', 'Record a checkpoint of the system', tags),
  request: { body: jsonBody(CreateCheckpointInput) },
  responses: { 201: jsonResponse(Checkpoint, 'The checkpoint'), ...errors },
});
const checkpoints = createRoute({
  method: 'get', path: '/system/checkpoints', ...access('viewer', 'List checkpoints', tags),
  request: { query: CheckpointListQuery },
  responses: { 200: jsonResponse(page(Checkpoint), 'A page of checkpoints, newest first'), ...errors },
});
const sleep = createRoute({
  method: 'post', path: '/system/sleep', ...access('operator', 'Put the system or one agent to sleep', tags),
  request: { body: jsonBody(SleepInput) },
  responses: { 200: jsonResponse(SleepWakeCycle, 'The open sleep cycle'), ...errors },
});
const wake = createRoute({
  method: 'post', path: '/system/wake', ...access('operator', 'Wake the system or one agent', tags),
  request: { body: jsonBody(WakeInput) },
  responses: { 200: jsonResponse(SleepWakeCycle, 'The closed sleep cycle'), ...errors },
});

export const systemRouter = newRouter()
  .openapi(health, async (c) => {
    const h = await c.var.services.system.health();
    return h.status === 'down' ? c.json(h, 503) : c.json(h, 200);
  })
  .openapi(ready, async (c) => {
    const r = await c.var.services.system.readiness();
    return r.ready ? c.json(r, 200) : c.json(r, 503);
  })
  .openapi(live, (c) => c.json(c.var.services.system.liveness(), 200))
  .openapi(status, async (c) => c.json(await c.var.services.system.status(), 200))
  .openapi(checkpoint, async (c) => {
    const cp = await c.var.services.system.checkpoint(actorLabel(c.var.principal!), c.req.valid('json').label);
    c.set('auditResourceId', cp.id);
    return c.json(cp, 201);
  })
  .openapi(checkpoints, async (c) => {
    const { limit, offset } = c.req.valid('query');
    return c.json({ ...(await c.var.services.system.listCheckpoints(limit, offset)), limit, offset }, 200);
  })
  .openapi(sleep, async (c) => {
    const { agentId, reason } = c.req.valid('json');
    return c.json(await c.var.services.system.sleep(actorLabel(c.var.principal!), agentId, reason), 200);
  })
  .openapi(wake, async (c) =>
    c.json(await c.var.services.system.wake(actorLabel(c.var.principal!), c.req.valid('json').agentId), 200),
  );
