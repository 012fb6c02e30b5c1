import { z } from 'zod';
import { AgentUsage, ClusterView, RegisterTargetInput, RuntimeTarget, TargetParam } from '../../../../shared/index.js';
import { actorLabel } from '../../auth/principal.js';
import { access, createRoute, errors, jsonBody, jsonResponse, newRouter, orchestrator } from '../../http/route.js';

const tags = ['cluster'];

const view = createRoute({
  method: 'get', path: '/cluster', ...access('viewer', 'Runtime targets with health, heartbeat, capacity, load, drain state and their agents', tags),
  responses: { 200: jsonResponse(ClusterView, 'The cluster'), ...errors },
});
const register = createRoute({
  method: 'post', path: '/cluster/targets', ...access('admin', 'Register a Docker host or Kubernetes cluster as a runtime target', tags),
  request: { body: jsonBody(RegisterTargetInput) },
  responses: { 201: jsonResponse(RuntimeTarget, 'The registered target'), ...errors },
});
const deregister = createRoute({
  method: 'delete', path: '/cluster/targets/{id}', ...access('admin', 'Deregister a runtime target; refused (409) while agents run on it', tags),
  request: { params: TargetParam },
  responses: { 200: jsonResponse(RuntimeTarget, 'The target as it was'), ...errors },
});
const drain = createRoute({
  method: 'post', path: '/cluster/targets/{id}/drain', ...access('admin', 'Stop placing new agents on a target', tags),
  request: { params: TargetParam },
  responses: { 200: jsonResponse(RuntimeTarget, 'The draining target'), ...errors },
});
const undrain = createRoute({
  method: 'post', path: '/cluster/targets/{id}/undrain', ...access('admin', 'Place agents on a target again', tags),
  request: { params: TargetParam },
  responses: { 200: jsonResponse(RuntimeTarget, 'The target'), ...errors },
});

const usage = createRoute({
  method: 'get', path: '/cluster/agent-usage', ...access('viewer', 'CPU and memory of every running agent worker, where known', tags),
  responses: { 200: jsonResponse(z.object({ items: z.array(AgentUsage) }), 'One row per running worker'), ...errors },
});

export const clusterRouter = newRouter()
  .openapi(usage, async (c) => c.json({ items: await orchestrator(c).usage() }, 200))
  .openapi(view, async (c) => c.json({ targets: await c.var.services.cluster.view() }, 200))
  .openapi(register, async (c) => {
    const target = await c.var.services.cluster.registerTarget(actorLabel(c.var.principal!), c.req.valid('json'));
    c.set('auditResourceId', target.id);
    return c.json(target, 201);
  })
  .openapi(deregister, async (c) => c.json(await c.var.services.cluster.deregisterTarget(actorLabel(c.var.principal!), c.req.valid('param').id), 200))
  .openapi(drain, async (c) => c.json(await c.var.services.cluster.setDraining(c.req.valid('param').id, true), 200))
  .openapi(undrain, async (c) => c.json(await c.var.services.cluster.setDraining(c.req.valid('param').id, false), 200));
