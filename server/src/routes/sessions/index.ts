import { CreateSessionInput, IdParam, page, Session, SessionListQuery } from '../../../../shared/index.js';
import { actorLabel } from '../../auth/principal.js';
import { access, createRoute, errors, jsonBody, jsonResponse, newRouter, orchestrator } from '../../http/route.js';

const tags = ['sessions'];

const create = createRoute({
  method: 'post', path: '/sessions', ...access('operator', 'Create a session with a roster of agents', tags),
  request: { body: jsonBody(CreateSessionInput) },
  responses: { 201: jsonResponse(Session, 'The new session'), ...errors },
});
const list = createRoute({
  method: 'get', path: '/sessions', ...access('viewer', 'List sessions', tags),
  request: { query: SessionListQuery },
  responses: { 200: jsonResponse(page(Session), 'A page of sessions, newest first'), ...errors },
});
const get = createRoute({
  method: 'get', path: '/sessions/{id}', ...access('viewer', 'Get one session', tags),
  request: { params: IdParam },
  responses: { 200: jsonResponse(Session, 'The session'), ...errors },
});
const start = createRoute({
  method: 'post', path: '/sessions/{id}/start', ...access('operator', 'Start a session and its agents', tags),
  request: { params: IdParam },
  responses: { 200: jsonResponse(Session, 'The running session'), ...errors },
});
const stop = createRoute({
  method: 'post', path: '/sessions/{id}/stop', ...access('operator', 'Stop a session and its agents', tags),
  request: { params: IdParam },
  responses: { 200: jsonResponse(Session, 'The stopped session'), ...errors },
});

export const sessionsRouter = newRouter()
  .openapi(create, async (c) => {
    const session = await c.var.services.sessions.create(actorLabel(c.var.principal!), c.req.valid('json'));
    c.set('auditResourceId', session.id);
    return c.json(session, 201);
  })
  .openapi(list, async (c) => {
    const q = c.req.valid('query');
    return c.json({ ...(await c.var.services.sessions.list(q)), limit: q.limit, offset: q.offset }, 200);
  })
  .openapi(get, async (c) => c.json(await c.var.services.sessions.get(c.req.valid('param').id), 200))
  .openapi(start, async (c) =>
    c.json(await orchestrator(c).startSession(actorLabel(c.var.principal!), c.req.valid('param').id), 200),
  )
  .openapi(stop, async (c) =>
    c.json(await orchestrator(c).stopSession(actorLabel(c.var.principal!), c.req.valid('param').id), 200),
  );
