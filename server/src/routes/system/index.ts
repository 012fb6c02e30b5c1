import { z } from 'zod';
import {
  Checkpoint,
  CheckpointListQuery,
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
  method: 'get', path: '/system/health', ...access('public', 'Liveness and the state of each component', tags),
  responses: { 200: jsonResponse(Health, 'Healthy'), 503: jsonResponse(Health, 'A component is down') },
});
const ready = createRoute({
  method: 'get', path: '/system/ready', ...access('public', 'Readiness: can this hub serve requests?', tags),
  responses: {
    200: jsonResponse(z.object({ ready: z.literal(true) }), 'Ready'),
    503: jsonResponse(z.object({ ready: z.literal(false), reason: z.string() }), 'Not ready'),
  },
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
    const h = await c.var.services.system.health();
    const down = Object.entries(h.components).find(([, v]) => v.status === 'down');
    return down ? c.json({ ready: false as const, reason: `${down[0]} is down` }, 503) : c.json({ ready: true as const }, 200);
  })
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
