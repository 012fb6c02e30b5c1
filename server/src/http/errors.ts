import type { ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ApiError } from '../../../shared/index.js';
import { AppError } from '../errors.js';
import { isStoreUnavailable } from '../store/unavailable.js';

/** The one error handler: everything leaves as `{ code, message, details }`. */
export const onError: ErrorHandler = (err, c) => {
  if (err instanceof AppError) {
    for (const [k, v] of Object.entries(err.headers ?? {})) c.header(k, v);
    const body: ApiError = { code: err.code, message: err.message, ...(err.details && { details: err.details }) };
    return c.json(body, err.status);
  }
  if (err instanceof HTTPException) {
    // Hono's own validators and limits: malformed JSON, oversized bodies.
    const status = err.status;
    const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 401 ? 'UNAUTHENTICATED' : 'BAD_REQUEST';
    const hint = status === 415 ? ': send the body as JSON with Content-Type: application/json' : '';
    const body: ApiError = { code, message: `${err.message || 'Bad request'}${hint}` };
    return c.json(body, status === 413 || status === 401 ? status : 400);
  }
  if (isStoreUnavailable(err)) {
    c.header('Retry-After', '1');
    return c.json({ code: 'UNAVAILABLE', message: 'The database cannot be reached right now; try again shortly' } satisfies ApiError, 503);
  }
  console.error(`unhandled error on ${c.req.method} ${c.req.path}`, err);
  const body: ApiError = { code: 'INTERNAL', message: 'Internal error; the server log has the details' };
  return c.json(body, 500);
};
