import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { actorLabel } from '../auth/principal.js';
import type { Logger } from '../observability/logger.js';
import type { HubMetrics } from '../observability/metrics.js';
import type { AppEnv } from './env.js';

/** Latency by route (Prometheus) and one JSON log line per API request, with its request id. */
export function observeRequests(metrics: HubMetrics | undefined, logger: Logger | undefined): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    let status = 500;
    try {
      await next();
      status = c.res.status;
    } catch (err) {
      status = (err as { status?: number }).status ?? 500;
      throw err;
    } finally {
      const seconds = (performance.now() - started) / 1000;
      // The route pattern, not the path: ids would make every request its own series.
      const route = matchedRoutes(c).find((r) => r.method === c.req.method)?.path ?? 'unmatched';
      metrics?.httpDuration.observe({ method: c.req.method, route, status: String(status) }, seconds);
      const principal = c.var.principal;
      logger?.info(
        {
          requestId: c.var.requestId,
          method: c.req.method,
          route,
          status,
          ms: Math.round(seconds * 10_000) / 10,
          actor: principal ? actorLabel(principal) : 'anonymous',
        },
        'request',
      );
    }
  };
}
