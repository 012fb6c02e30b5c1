import { AuditEntry, AuditListQuery, page } from '../../../../shared/index.js';
import { access, createRoute, errors, jsonResponse, newRouter } from '../../http/route.js';

const list = createRoute({
  method: 'get', path: '/audit', ...access('admin', 'The audit log of every write', ['audit']),
  request: { query: AuditListQuery },
  responses: { 200: jsonResponse(page(AuditEntry), 'A page of audit entries, newest first'), ...errors },
});

export const auditRouter = newRouter().openapi(list, async (c) => {
  const q = c.req.valid('query');
  return c.json({ ...(await c.var.services.store.audit.list(q)), limit: q.limit, offset: q.offset }, 200);
});
