import {
  AssignTaskInput,
  CancelTaskInput,
  CompleteTaskInput,
  CreateTaskInput,
  IdParam,
  page,
  ProgressItem,
  Task,
  TaskListQuery,
  TaskOutputQuery,
  UpdateTaskInput,
} from '../../../../shared/index.js';
import { z } from 'zod';
import { actorLabel } from '../../auth/principal.js';
import { access, createRoute, errors, jsonBody, jsonResponse, newRouter } from '../../http/route.js';

const tags = ['tasks'];

const create = createRoute({
  method: 'post', path: '/tasks', ...access('operator', 'Create a task (ready at once unless it has open dependencies)', tags),
  request: { body: jsonBody(CreateTaskInput) },
  responses: { 201: jsonResponse(Task, 'The new task'), ...errors },
});
const list = createRoute({
  method: 'get', path: '/tasks', ...access('viewer', 'List tasks, filtered and paginated', tags),
  request: { query: TaskListQuery },
  responses: { 200: jsonResponse(page(Task), 'A page of tasks, newest first'), ...errors },
});
const get = createRoute({
  method: 'get', path: '/tasks/{id}', ...access('viewer', 'Get one task', tags),
  request: { params: IdParam },
  responses: { 200: jsonResponse(Task, 'The task'), ...errors },
});
const assign = createRoute({
  method: 'post', path: '/tasks/{id}/assign', ...access('operator', 'Assign a ready task to an agent', tags),
  request: { params: IdParam, body: jsonBody(AssignTaskInput) },
  responses: { 200: jsonResponse(Task, 'The assigned task'), ...errors },
});
const complete = createRoute({
  method: 'post', path: '/tasks/{id}/complete', ...access('operator', 'Record a task’s result (idempotent)', tags),
  request: { params: IdParam, body: jsonBody(CompleteTaskInput) },
  responses: { 200: jsonResponse(Task, 'The completed task'), ...errors },
});
const cancel = createRoute({
  method: 'post', path: '/tasks/{id}/cancel', ...access('operator', 'Cancel a task that has not finished', tags),
  request: { params: IdParam, body: jsonBody(CancelTaskInput) },
  responses: { 200: jsonResponse(Task, 'The cancelled task'), ...errors },
});

const update = createRoute({
  method: 'put', path: '/tasks/{id}', ...access('operator', 'Edit a task that has not finished (e.g. reprioritise)', tags),
  request: { params: IdParam, body: jsonBody(UpdateTaskInput) },
  responses: { 200: jsonResponse(Task, 'The updated task'), ...errors },
});
const retry = createRoute({
  method: 'post', path: '/tasks/{id}/retry', ...access('operator', 'Send a failed, cancelled or dead-lettered task back to the queue', tags),
  request: { params: IdParam },
  responses: { 200: jsonResponse(Task, 'The task, ready again'), ...errors },
});
const output = createRoute({
  method: 'get', path: '/tasks/{id}/output', ...access('viewer', 'What agents streamed while working the task, oldest first', tags),
  request: { params: IdParam, query: TaskOutputQuery },
  responses: { 200: jsonResponse(z.object({ items: z.array(ProgressItem.extend({ id: z.number().int() })) }), 'Output lines'), ...errors },
});

export const tasksRouter = newRouter()
  .openapi(create, async (c) => {
    const task = await c.var.services.tasks.create(actorLabel(c.var.principal!), c.req.valid('json'));
    c.set('auditResourceId', task.id);
    return c.json(task, 201);
  })
  .openapi(list, async (c) => {
    const q = c.req.valid('query');
    return c.json({ ...(await c.var.services.tasks.list(q)), limit: q.limit, offset: q.offset }, 200);
  })
  .openapi(get, async (c) => c.json(await c.var.services.tasks.get(c.req.valid('param').id), 200))
  .openapi(assign, async (c) => {
    const { id } = c.req.valid('param');
    return c.json(await c.var.services.tasks.assign(actorLabel(c.var.principal!), id, c.req.valid('json').agentId), 200);
  })
  .openapi(complete, async (c) => {
    const { id } = c.req.valid('param');
    const { result, agentId } = c.req.valid('json');
    return c.json(await c.var.services.tasks.complete(actorLabel(c.var.principal!), id, result, agentId), 200);
  })
  .openapi(update, async (c) => {
    const { id } = c.req.valid('param');
    return c.json(await c.var.services.tasks.update(actorLabel(c.var.principal!), id, c.req.valid('json')), 200);
  })
  .openapi(retry, async (c) => c.json(await c.var.services.tasks.retry(actorLabel(c.var.principal!), c.req.valid('param').id), 200))
  .openapi(output, async (c) => {
    const { id } = c.req.valid('param');
    const { after, limit } = c.req.valid('query');
    await c.var.services.tasks.get(id);
    return c.json({ items: await c.var.services.store.taskOutput.list(id, after, limit) }, 200);
  })
  .openapi(cancel, async (c) => {
    const { id } = c.req.valid('param');
    return c.json(await c.var.services.tasks.cancel(actorLabel(c.var.principal!), id, c.req.valid('json').reason), 200);
  });
