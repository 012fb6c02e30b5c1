import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { actorLabel } from '../auth/principal.js';
import type { Logger } from '../observability/logger.js';
import type { HubMetrics } from '../observability/metrics.js';
import { contextFrom, inSpan, SpanKind, SpanStatusCode, tracingEnabled } from '../observability/tracing.js';
import type { AppEnv } from './env.js';

/**
 * Latency by route (Prometheus), a server span per API request (continuing the caller's W3C
 * trace context when it sends one) and one JSON log line per request, with its request id,
 * the task it concerns and, while tracing, its trace id.
 */
export function observeRequests(metrics: HubMetrics | undefined, logger: Logger | undefined): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    // The route pattern, not the path: ids would make every request its own series (and span name).
    const route = matchedRoutes(c).find((r) => r.method === c.req.method)?.path ?? 'unmatched';
    // Tracing off: no header is read and no attribute is built.
    const traced = tracingEnabled();
    const parent = traced ? contextFrom({ traceparent: c.req.header('traceparent'), tracestate: c.req.header('tracestate') }) : undefined;
    const attributes = traced ? { 'http.request.method': c.req.method, 'http.route': route, 'url.path': c.req.path, 'hive.request_id': c.var.requestId } : undefined;
    // A refused request (4xx) is not a server error: the span notes its status, and is marked
    // an error only for a 5xx, so the error is held here and rethrown after the span ends.
    let failure: { err: unknown } | undefined;
    await inSpan(`${c.req.method} ${route}`, { kind: SpanKind.SERVER, parent, attributes }, async (span) => {
      let status = 500;
      try {
        await next();
        status = c.res.status;
      } catch (err) {
        status = (err as { status?: number }).status ?? 500;
        failure = { err };
      } finally {
        const seconds = (performance.now() - started) / 1000;
        metrics?.httpDuration.observe({ method: c.req.method, route, status: String(status) }, seconds);
        span?.setAttribute('http.response.status_code', status);
        const principal = c.var.principal;
        // The resource the request created or addressed; named taskId for tasks, so a task's
        // requests can be found by the same key as its other log lines.
        const id = c.var.auditResourceId ?? c.req.param('id');
        logger?.info(
          {
            requestId: c.var.requestId,
            method: c.req.method,
            route,
            status,
            ms: Math.round(seconds * 10_000) / 10,
            actor: principal ? actorLabel(principal) : 'anonymous',
            ...(id && (route.startsWith('/api/v1/tasks') ? { taskId: id } : { resourceId: id })),
          },
          'request',
        );
        if (status >= 500) span?.setStatus({ code: SpanStatusCode.ERROR });
      }
    });
    if (failure) throw failure.err;
  };
}
