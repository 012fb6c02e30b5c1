import { z } from 'zod';
import { AgentUsage, ClusterView, RuntimeTarget, TargetParam } from '../../../../shared/index.js';
import { access, createRoute, errors, jsonResponse, newRouter, orchestrator } from '../../http/route.js';

const tags = ['cluster'];

const view = createRoute({
  method: 'get', path: '/cluster', ...access('viewer', 'Runtime targets with health, load, drain state and their agents', tags),
  responses: { 200: jsonResponse(ClusterView, 'The cluster'), ...errors },
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
  .openapi(drain, async (c) => c.json(await c.var.services.cluster.setDraining(c.req.valid('param').id, true), 200))
  .openapi(undrain, async (c) => c.json(await c.var.services.cluster.setDraining(c.req.valid('param').id, false), 200));
