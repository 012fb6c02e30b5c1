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
  const items = await store.events.listAfter(q);
  const lastSeq = items.at(-1)?.seq ?? Math.max(q.after, 0);
  return c.json({ items, lastSeq }, 200);
});
