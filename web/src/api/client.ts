import type { ApiError, ErrorCode } from '../../../shared/index.js';
import { clearResponses, recallResponse, rememberResponse } from './response-cache.js';

/** Every REST path is relative to this prefix; the dashboard is always served by the hub. */
const API_PREFIX = '/api/v1';

/**
 * Codes for failures that never reached the API's error handler: the hub was unreachable
 * or answered with something that is not the documented `{code, message}` shape.
 */
export type ClientErrorCode = 'NETWORK' | 'BAD_RESPONSE';

/** A failed API call, carrying the hub's `{ code, message, details }` error body. */
export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';

  constructor(
    /** HTTP status; 0 when no response arrived. */
    readonly status: number,
    readonly code: ErrorCode | ClientErrorCode,
    message: string,
    readonly details: Record<string, unknown> | undefined = undefined,
    /** Seconds to wait before retrying, from the Retry-After header of a 429 or 503. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }

  /** Per-field problems of a VALIDATION_FAILED error, keyed by dotted path. */
  get fieldIssues(): ReadonlyMap<string, string> {
    const issues = this.details?.['issues'];
    const byPath = new Map<string, string>();
    if (!Array.isArray(issues)) return byPath;
    for (const issue of issues) {
      if (isRecord(issue) && typeof issue['path'] === 'string' && typeof issue['message'] === 'string') {
        if (!byPath.has(issue['path'])) byPath.set(issue['path'], issue['message']);
      }
    }
    return byPath;
  }
}

/**
 * Fires `unauthenticated` when a request made with a session is refused with 401: the
 * session expired or was revoked elsewhere, and the auth state must drop to sign-in.
 */
export const apiEvents = new EventTarget();

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
  /**
   * Error statuses whose body is still the documented answer, e.g. 503 from the health
   * check, which carries the Health report saying what is down.
   */
  acceptStatuses?: readonly number[];
  /**
   * Whether a 401 means "your session is gone". False for the calls where 401 is an
   * expected answer about the request itself (wrong password at login, no session yet).
   */
  reportUnauthenticated?: boolean;
  /**
   * GET only: keep the last successful answer, and when the hub cannot be reached give
   * that back instead of failing. The caller shows it as stale (`staleSince` in
   * response-cache.ts says from when). For lists that should survive going offline.
   */
  offlineFallback?: boolean;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', query, body, signal, acceptStatuses = [], reportUnauthenticated = true } = options;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const url = buildUrl(path, query);
  const fallback = options.offlineFallback === true && method === 'GET';

  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (error) {
    // An abort is the caller's own decision, not a failure to report.
    if (signal?.aborted) throw error;
    const stale = fallback ? recallResponse<T>(url) : undefined;
    if (stale !== undefined) return stale;
    throw new ApiRequestError(0, 'NETWORK', 'Cannot reach the Hive hub. Check your connection and try again.');
  }

  if (response.status === 204) return undefined as T;
  const payload = await readJson(response);

  if (!response.ok && !acceptStatuses.includes(response.status)) {
    const error = toApiRequestError(response, payload);
    if (error.status === 401 && reportUnauthenticated) {
      clearResponses();
      apiEvents.dispatchEvent(new Event('unauthenticated'));
    }
    throw error;
  }
  if (payload === undefined) {
    throw new ApiRequestError(response.status, 'BAD_RESPONSE', `The hub sent an unreadable answer to ${method} ${path}.`);
  }
  if (fallback && response.ok) rememberResponse(url, payload);
  return payload as T;
}

function buildUrl(path: string, query: Record<string, QueryValue> | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    // Empty filters are left out rather than sent as `status=`, which the API would reject.
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return `${API_PREFIX}${path}${search ? `?${search}` : ''}`;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function toApiRequestError(response: Response, payload: unknown): ApiRequestError {
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
  if (isApiError(payload)) {
    return new ApiRequestError(response.status, payload.code, payload.message, payload.details, retryAfter);
  }
  return new ApiRequestError(
    response.status,
    'BAD_RESPONSE',
    `The hub answered ${response.status} ${response.statusText || ''}`.trim() + '.',
    undefined,
    retryAfter,
  );
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(header);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function isApiError(value: unknown): value is ApiError {
  return isRecord(value) && typeof value['code'] === 'string' && typeof value['message'] === 'string';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A human sentence for anything a load or a form submission threw. */
export function describeError(error: unknown): string {
  if (error instanceof ApiRequestError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}
