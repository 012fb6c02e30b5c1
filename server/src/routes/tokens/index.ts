import { z } from 'zod';
import { ApiToken, CreatedToken, CreateTokenInput, IdParam } from '../../../../shared/index.js';
import { access, createRoute, errors, jsonBody, jsonResponse, newRouter } from '../../http/route.js';

const tags = ['tokens'];

const list = createRoute({
  method: 'get', path: '/tokens', ...access('authenticated', 'Your API tokens', tags),
  responses: { 200: jsonResponse(z.object({ items: z.array(ApiToken) }), 'Your tokens, newest first'), ...errors },
});
const create = createRoute({
  method: 'post', path: '/tokens', ...access('authenticated', 'Create an API token (the secret is shown once)', tags),
  request: { body: jsonBody(CreateTokenInput) },
  responses: { 201: jsonResponse(CreatedToken, 'The token with its secret'), ...errors },
});
const revoke = createRoute({
  method: 'delete', path: '/tokens/{id}', ...access('authenticated', 'Revoke an API token', tags),
  request: { params: IdParam },
  responses: { 200: jsonResponse(ApiToken, 'The revoked token'), ...errors },
});

export const tokensRouter = newRouter()
  .openapi(list, async (c) => c.json({ items: await c.var.services.access.listTokens(c.var.principal!) }, 200))
  .openapi(create, async (c) => {
    const token = await c.var.services.access.createToken(c.var.principal!, c.req.valid('json'));
    c.set('auditResourceId', token.id);
    return c.json(token, 201);
  })
  .openapi(revoke, async (c) =>
    c.json(await c.var.services.access.revokeToken(c.var.principal!, c.req.valid('param').id), 200),
  );
