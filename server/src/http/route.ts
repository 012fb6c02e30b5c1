import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError } from '../../../shared/index.js';
import { AppError } from '../errors.js';
import type { Orchestrator } from '../services/orchestrator.js';
import { requireAccess, type Access } from './auth-middleware.js';
import type { AppEnv } from './env.js';
import { validationHook } from './validation.js';

export { createRoute } from '@hono/zod-openapi';

/** A JSON response of `schema`, for a route's `responses`. */
export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

/** A required JSON request body: without `required`, a request with no JSON body would skip validation. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  content: { 'application/json': { schema } },
  required: true as const,
});

/** The error responses every route may give, in the `{ code, message, details }` shape. */
export const errors = {
  400: jsonResponse(ApiError, 'Malformed request'),
  401: jsonResponse(ApiError, 'Not signed in'),
  403: jsonResponse(ApiError, 'Role too low'),
  404: jsonResponse(ApiError, 'Not found'),
  409: jsonResponse(ApiError, 'Conflicting state'),
  422: jsonResponse(ApiError, 'A field is invalid; details.issues names it'),
} as const;

const SIGNED_IN: Record<string, string[]>[] = [{ cookie: [] }, { bearer: [] }];

/**
 * The parts of a route config that follow Hive's conventions: who may call it (enforced by
 * route middleware and published in the OpenAPI document as `x-hive-access`), summary and tags.
 * Spread into createRoute({...}).
 */
export function access(level: Access, summary: string, tags: string[]) {
  return {
    summary,
    tags,
    'x-hive-access': level,
    security: level === 'public' ? [] : SIGNED_IN,
    middleware: requireAccess(level),
  };
}

/** The orchestrator, or a 503 when this process runs the API without runtimes. */
export function orchestrator(c: Context<AppEnv>): Orchestrator {
  const o = c.var.services.orchestrator;
  if (!o) throw new AppError('UNAVAILABLE', 'No agent runtimes are configured in this process');
  return o;
}

/** A router whose validation failures become 422s naming the field. */
export function newRouter() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}
