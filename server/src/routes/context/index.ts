import { z } from 'zod';
import { ContextEntry, ContextSearchHit, SearchContextInput, StoreContextInput } from '../../../../shared/index.js';
import { actorLabel } from '../../auth/principal.js';
import { access, createRoute, errors, jsonBody, jsonResponse, newRouter } from '../../http/route.js';

const tags = ['context'];

const remember = createRoute({
  method: 'post', path: '/context', ...access('operator', 'Store a context entry (embedded for search)', tags),
  request: { body: jsonBody(StoreContextInput) },
  responses: { 201: jsonResponse(ContextEntry, 'The stored entry'), ...errors },
});
const search = createRoute({
  method: 'post', path: '/context/search', ...access('viewer', 'Search context by similarity', tags),
  request: { body: jsonBody(SearchContextInput) },
  responses: { 200: jsonResponse(z.object({ items: z.array(ContextSearchHit) }), 'Hits, most similar first'), ...errors },
});

export const contextRouter = newRouter()
  .openapi(remember, async (c) => {
    const entry = await c.var.services.context.remember(actorLabel(c.var.principal!), c.req.valid('json'));
    c.set('auditResourceId', entry.id);
    return c.json(entry, 201);
  })
  .openapi(search, async (c) => c.json({ items: await c.var.services.context.search(c.req.valid('json')) }, 200));
