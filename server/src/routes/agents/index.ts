import { z } from 'zod';
import {
  Agent,
  AgentListQuery,
  AgentType,
  CreateAgentInput,
  IdParam,
  Message,
  MessageListQuery,
  page,
  UpdateAgentInput,
} from '../../../../shared/index.js';
import { actorLabel } from '../../auth/principal.js';
import { access, createRoute, errors, jsonBody, jsonResponse, newRouter, orchestrator } from '../../http/route.js';

const tags = ['agents'];

const create = createRoute({
  method: 'post', path: '/agents', ...access('operator', 'Create an agent', tags),
  request: { body: jsonBody(CreateAgentInput) },
  responses: { 201: jsonResponse(Agent, 'The new agent'), ...errors },
});
const list = createRoute({
  method: 'get', path: '/agents', ...access('viewer', 'List agents, filtered and paginated', tags),
  request: { query: AgentListQuery },
  responses: { 200: jsonResponse(page(Agent), 'A page of agents, newest first'), ...errors },
});
const get = createRoute({
  method: 'get', path: '/agents/{id}', ...access('viewer', 'Get one agent', tags),
  request: { params: IdParam },
  responses: { 200: jsonResponse(Agent, 'The agent'), ...errors },
});
const update = createRoute({
  method: 'put', path: '/agents/{id}', ...access('operator', 'Edit an agent', tags),
  request: { params: IdParam, body: jsonBody(UpdateAgentInput) },
  responses: { 200: jsonResponse(Agent, 'The updated agent'), ...errors },
});
const deactivate = createRoute({
  method: 'delete', path: '/agents/{id}', ...access('operator', 'Deactivate an agent (the record is kept)', tags),
  request: { params: IdParam },
  responses: { 200: jsonResponse(Agent, 'The deactivated agent'), ...errors },
});
const messages = createRoute({
  method: 'get', path: '/agents/{id}/messages', ...access('viewer', 'Messages to and from an agent', ['messages']),
  request: { params: IdParam, query: MessageListQuery },
  responses: { 200: jsonResponse(page(Message), 'A page of messages, newest first'), ...errors },
});
const start = createRoute({
  method: 'post', path: '/agents/{id}/start', ...access('operator', 'Spawn the agent’s runtime (a fresh worker token is issued)', tags),
  request: { params: IdParam },
  responses: { 200: jsonResponse(Agent, 'The starting agent'), ...errors },
});
const stop = createRoute({
  method: 'post', path: '/agents/{id}/stop', ...access('operator', 'Stop the agent’s runtime; its task goes back to the queue', tags),
  request: { params: IdParam },
  responses: { 200: jsonResponse(Agent, 'The stopped agent'), ...errors },
});
const restart = createRoute({
  method: 'post', path: '/agents/{id}/restart', ...access('operator', 'Stop and start the agent’s worker (its task goes back to the queue)', tags),
  request: { params: IdParam },
  responses: { 200: jsonResponse(Agent, 'The restarting agent'), ...errors },
});
const logs = createRoute({
  method: 'get', path: '/agents/{id}/logs', ...access('viewer', 'The last lines the agent’s worker wrote', tags),
  request: { params: IdParam, query: z.object({ tail: z.coerce.number().int().min(1).max(5000).default(200) }) },
  responses: { 200: jsonResponse(z.object({ lines: z.array(z.string()) }), 'Log lines, oldest first'), ...errors },
});
const types = createRoute({
  method: 'get', path: '/agent-types', ...access('viewer', 'The agent types with their prompt versions', tags),
  responses: { 200: jsonResponse(z.array(AgentType), 'All agent types'), ...errors },
});

export const agentsRouter = newRouter()
  .openapi(create, async (c) => {
    const actor = actorLabel(c.var.principal!);
    const input = c.req.valid('json');
    if (input.start) orchestrator(c).driverFor(input.runtime); // refuse before creating anything
    const created = await c.var.services.agents.create(actor, input);
    c.set('auditResourceId', created.id);
    const agent = input.start ? await orchestrator(c).startAgent(actor, created.id) : created;
    return c.json(agent, 201);
  })
  .openapi(list, async (c) => {
    const q = c.req.valid('query');
    return c.json({ ...(await c.var.services.agents.list(q)), limit: q.limit, offset: q.offset }, 200);
  })
  .openapi(get, async (c) => c.json(await c.var.services.agents.get(c.req.valid('param').id), 200))
  .openapi(update, async (c) => {
    const { id } = c.req.valid('param');
    return c.json(await c.var.services.agents.update(actorLabel(c.var.principal!), id, c.req.valid('json')), 200);
  })
  .openapi(deactivate, async (c) => {
    const { id } = c.req.valid('param');
    const actor = actorLabel(c.var.principal!);
    return c.json(await orchestrator(c).deactivateAgent(actor, id), 200);
  })
  .openapi(start, async (c) => c.json(await orchestrator(c).startAgent(actorLabel(c.var.principal!), c.req.valid('param').id), 200))
  .openapi(stop, async (c) => c.json(await orchestrator(c).stopAgent(actorLabel(c.var.principal!), c.req.valid('param').id), 200))
  .openapi(restart, async (c) => c.json(await orchestrator(c).restartAgent(actorLabel(c.var.principal!), c.req.valid('param').id), 200))
  .openapi(logs, async (c) => {
    const lines = await orchestrator(c).logs(c.req.valid('param').id, c.req.valid('query').tail);
    return c.json({ lines }, 200);
  })
  .openapi(messages, async (c) => {
    const q = c.req.valid('query');
    const result = await c.var.services.messages.listForAgent(c.req.valid('param').id, q);
    return c.json({ ...result, limit: q.limit, offset: q.offset }, 200);
  })
  .openapi(types, async (c) => c.json(await c.var.services.store.agentTypes.list(), 200));
