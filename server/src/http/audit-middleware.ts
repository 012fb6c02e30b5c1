import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { actorLabel } from '../auth/principal.js';
import { clientIp } from './client-ip.js';
import type { AppEnv } from './env.js';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// Reads that travel as POST because their input is a body.
const READS_BY_POST = new Set(['/api/v1/context/search']);

/**
 * Every write, allowed or refused, lands in audit_log: who, what route, which resource, the
 * outcome. Bodies are never recorded (they may hold passwords or secrets).
 */
export const auditWrites: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!WRITES.has(c.req.method) || READS_BY_POST.has(c.req.path)) return next();
  let failed: unknown;
  try {
    await next();
  } catch (err) {
    failed = err;
    throw err;
  } finally {
    // The handler route (middlewares are registered for ALL methods), e.g. /api/v1/agents/:id.
    const route = matchedRoutes(c).find((r) => r.method === c.req.method)?.path ?? c.req.path;
    const principal = c.var.principal;
    const status = failed ? ((failed as { status?: number }).status ?? 500) : c.res.status;
    const segments = c.req.path.replace(/^\/api\/v1\//, '').split('/');
    const entry = {
      actor: principal ? actorLabel(principal) : 'anonymous',
      action: `${c.req.method} ${route}`,
      resource: segments[0] ?? '',
      resourceId: c.var.auditResourceId ?? c.req.param('id') ?? null,
      details: { status, path: c.req.path },
      ip: clientIp(c),
    };
    await c.var.services.store.audit.append(entry).catch((err: Error) => {
      console.error('audit write failed', err.message);
    });
  }
};
