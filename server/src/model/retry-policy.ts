/**
 * When and how long to wait before retrying a failed Messages API call. Kept apart from
 * the provider so the rules can be read (and tested) on their own.
 */
import { APIConnectionError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';

export interface RetryOptions {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** First back-off step; doubles each retry. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** A retry-after longer than this fails the call instead of parking an agent for ages. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_OPTIONS: RetryOptions = {
  maxRetries: 6,
  initialDelayMs: 1_000,
  maxDelayMs: 60_000,
  maxRetryAfterMs: 5 * 60_000,
};

export interface FailureClass {
  retryable: boolean;
  /** A 429 (or a rate_limit_error in a stream): the whole queue should pause, not just this call. */
  rateLimited: boolean;
  /** What the server asked for, from retry-after-ms or retry-after. */
  retryAfterMs?: number;
}

/** Error types the API sends inside an SSE `error` event that are worth another try. */
const RETRYABLE_STREAM_ERRORS = new Set(['overloaded_error', 'api_error', 'rate_limit_error', 'timeout_error']);

export function classifyFailure(error: unknown, now = Date.now()): FailureClass {
  if (error instanceof APIUserAbortError) return { retryable: false, rateLimited: false };
  // Includes timeouts; the SDK wraps fetch's network errors in this class.
  if (error instanceof APIConnectionError) return { retryable: true, rateLimited: false };
  if (!(error instanceof APIError)) return { retryable: false, rateLimited: false };

  const retryAfterMs = parseRetryAfter(error.headers, now);
  const rateLimited = error.status === 429 || error.type === 'rate_limit_error';
  const shouldRetryHeader = error.headers?.get('x-should-retry');
  if (shouldRetryHeader === 'true' || shouldRetryHeader === 'false') {
    return { retryable: shouldRetryHeader === 'true', rateLimited, retryAfterMs };
  }
  if (error.status === undefined) {
    // An `event: error` in the middle of a stream: no HTTP status, only the error type.
    return { retryable: error.type !== null && RETRYABLE_STREAM_ERRORS.has(error.type), rateLimited, retryAfterMs };
  }
  const status = error.status;
  const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
  return { retryable, rateLimited, retryAfterMs };
}

/** retry-after-ms (Anthropic sends it) wins over retry-after (seconds or an HTTP date). */
export function parseRetryAfter(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = headers?.get('retry-after-ms');
  if (ms) {
    const value = Number.parseFloat(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const after = headers?.get('retry-after');
  if (!after) return undefined;
  const seconds = Number.parseFloat(after);
  if (Number.isFinite(seconds) && /^\s*[\d.]+\s*$/.test(after)) return Math.max(0, seconds * 1000);
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Exponential back-off with "equal jitter": half the step is fixed, half random, so a
 * fleet that failed together does not retry together, and no retry comes too soon.
 */
export function backoffDelayMs(retryIndex: number, options: RetryOptions, random = Math.random): number {
  const step = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** retryIndex);
  return step / 2 + random() * (step / 2);
}

/**
 * Wait at least what the server asked, plus up to 10% (at most 1 s) so that agents
 * released by the same retry-after do not all arrive in the same millisecond.
 */
export function retryAfterDelayMs(retryAfterMs: number, random = Math.random): number {
  return retryAfterMs + random() * Math.min(1_000, retryAfterMs * 0.1);
}
