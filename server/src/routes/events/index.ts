import { EventListQuery, EventPage } from '../../../../shared/index.js';
import { access, createRoute, errors, jsonResponse, newRouter } from '../../http/route.js';

const list = createRoute({
  method: 'get', path: '/events', ...access('viewer', 'The domain event log after a sequence number (for resume)', ['events']),
  request: { query: EventListQuery },
  responses: { 200: jsonResponse(EventPage, 'Events in sequence order'), ...errors },
});

export const eventsRouter = newRouter().openapi(list, async (c) => {
  const q = c.req.valid('query');
  const { store } = c.var.services;
  const [items, headSeq] = await Promise.all([store.events.listAfter(q), store.events.lastSeq()]);
  const lastSeq = items.reduce((max, e) => Math.max(max, e.seq), q.after);
  return c.json({ items, lastSeq, headSeq }, 200);
});
