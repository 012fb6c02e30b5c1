import { z } from 'zod';
import { CreateUserInput, IdParam, UpdateUserInput, User } from '../../../../shared/index.js';
import { access, createRoute, errors, jsonBody, jsonResponse, newRouter } from '../../http/route.js';

const tags = ['users'];

const list = createRoute({
  method: 'get', path: '/users', ...access('admin', 'List users', tags),
  responses: { 200: jsonResponse(z.object({ items: z.array(User) }), 'All users'), ...errors },
});
const create = createRoute({
  method: 'post', path: '/users', ...access('admin', 'Create a user', tags),
  request: { body: jsonBody(CreateUserInput) },
  responses: { 201: jsonResponse(User, 'The new user'), ...errors },
});
const update = createRoute({
  method: 'put', path: '/users/{id}', ...access('admin', 'Change a user’s role, password or disabled flag', tags),
  request: { params: IdParam, body: jsonBody(UpdateUserInput) },
  responses: { 200: jsonResponse(User, 'The updated user'), ...errors },
});

export const usersRouter = newRouter()
  .openapi(list, async (c) => c.json({ items: await c.var.services.access.listUsers() }, 200))
  .openapi(create, async (c) => {
    const user = await c.var.services.access.createUser(c.var.principal!, c.req.valid('json'));
    c.set('auditResourceId', user.id);
    return c.json(user, 201);
  })
  .openapi(update, async (c) =>
    c.json(await c.var.services.access.updateUser(c.var.principal!, c.req.valid('param').id, c.req.valid('json')), 200),
  );
