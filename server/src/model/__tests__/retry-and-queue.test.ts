import { APIConnectionError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { createModelProvider, AnthropicProvider, OfflineModel, DEFAULT_ANTHROPIC_MODEL } from '../index.js';
import { costUsd } from '../pricing.js';
import { RequestQueue } from '../request-queue.js';
import { backoffDelayMs, classifyFailure, DEFAULT_RETRY_OPTIONS, parseRetryAfter, retryAfterDelayMs } from '../retry-policy.js';

const apiError = (status: number | undefined, headers: Record<string, string> = {}, type?: string) =>
  new APIError(status, { type: 'error', error: { type: type ?? 'api_error', message: 'x' } }, undefined, new Headers(headers));

describe('retry policy', () => {
  it('retries rate limits, overload, server errors and connection errors; not client errors or aborts', () => {
    expect(classifyFailure(apiError(429))).toMatchObject({ retryable: true, rateLimited: true });
    expect(classifyFailure(apiError(529))).toMatchObject({ retryable: true, rateLimited: false });
    expect(classifyFailure(apiError(500))).toMatchObject({ retryable: true });
    expect(classifyFailure(apiError(408))).toMatchObject({ retryable: true });
    expect(classifyFailure(new APIConnectionError({ message: 'reset' }))).toMatchObject({ retryable: true });
    expect(classifyFailure(apiError(400))).toMatchObject({ retryable: false });
    expect(classifyFailure(apiError(401))).toMatchObject({ retryable: false });
    expect(classifyFailure(new APIUserAbortError())).toMatchObject({ retryable: false });
    expect(classifyFailure(new Error('bug'))).toMatchObject({ retryable: false });
  });

  it('obeys x-should-retry and classifies mid-stream errors by type', () => {
    expect(classifyFailure(apiError(400, { 'x-should-retry': 'true' }))).toMatchObject({ retryable: true });
    expect(classifyFailure(apiError(503, { 'x-should-retry': 'false' }))).toMatchObject({ retryable: false });
    expect(classifyFailure(apiError(undefined, {}, 'overloaded_error'))).toMatchObject({ retryable: true });
    expect(classifyFailure(apiError(undefined, {}, 'invalid_request_error'))).toMatchObject({ retryable: false });
  });

  it('reads retry-after-ms first, then retry-after as seconds or a date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '1500', 'retry-after': '9' }), now)).toBe(1500);
    expect(parseRetryAfter(new Headers({ 'retry-after': '2' }), now)).toBe(2000);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }), now)).toBe(3000);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(parseRetryAfter(new Headers(), now)).toBeUndefined();
  });

  it('backs off exponentially with jitter, capped, and never retries before retry-after', () => {
    const options = { ...DEFAULT_RETRY_OPTIONS, initialDelayMs: 100, maxDelayMs: 1_000 };
    expect(backoffDelayMs(0, options, () => 0)).toBe(50);
    expect(backoffDelayMs(0, options, () => 1)).toBe(100);
    expect(backoffDelayMs(3, options, () => 1)).toBe(800);
    expect(backoffDelayMs(10, options, () => 1)).toBe(1_000);
    expect(retryAfterDelayMs(2_000, () => 0)).toBe(2_000);
    expect(retryAfterDelayMs(2_000, () => 1)).toBe(2_200);
  });
});

describe('RequestQueue', () => {
  it('runs at most `concurrency` tasks at once', async () => {
    const queue = new RequestQueue(2);
    let running = 0;
    let peak = 0;
    const task = async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 20));
      running--;
    };
    await Promise.all(Array.from({ length: 6 }, () => queue.run(task)));
    expect(peak).toBe(2);
    expect(queue.active).toBe(0);
  });

  it('starts nothing new while paused', async () => {
    const queue = new RequestQueue(4);
    const pausedAt = Date.now();
    queue.pauseUntil(pausedAt + 200);
    let startedAt = 0;
    await queue.run(async () => {
      startedAt = Date.now();
    });
    expect(startedAt - pausedAt).toBeGreaterThanOrEqual(199);
    expect(queue.pausedUntil).toBe(0);
  });

  it('drops a waiting task when its signal aborts', async () => {
    const queue = new RequestQueue(1);
    let release!: () => void;
    const blocker = queue.run(() => new Promise<void>((r) => (release = r)));
    const controller = new AbortController();
    const waiting = queue.run(async () => 'ran', controller.signal);
    expect(queue.waiting).toBe(1);
    controller.abort();
    await expect(waiting).rejects.toBeDefined();
    expect(queue.waiting).toBe(0);
    release();
    await blocker;
  });

  it('refuses a nonsensical concurrency', () => {
    expect(() => new RequestQueue(0)).toThrow(RangeError);
  });
});

describe('pricing', () => {
  it('prices by model family at list price', () => {
    const million = { inputTokens: 1_000_000, outputTokens: 1_000_000 };
    expect(costUsd('claude-sonnet-5-5', million)).toBeCloseTo(12);
    expect(costUsd('claude-sonnet-4-6', million)).toBeCloseTo(18);
    expect(costUsd('claude-opus-5', million)).toBeCloseTo(30);
    expect(costUsd('claude-haiku-4-5-20251001', million)).toBeCloseTo(6);
    expect(costUsd('claude-fable-5-2', million)).toBeCloseTo(60);
  });

  it('charges an unknown model at the highest price so budgets never under-count', () => {
    expect(costUsd('some-gateway-model', { inputTokens: 1_000_000, outputTokens: 0 })).toBeCloseTo(10);
  });
});

describe('createModelProvider', () => {
  it('is offline without a key, Anthropic with one', () => {
    expect(createModelProvider({})).toBeInstanceOf(OfflineModel);
    expect(createModelProvider({ ANTHROPIC_API_KEY: '  ' })).toBeInstanceOf(OfflineModel);
    const real = createModelProvider({ ANTHROPIC_API_KEY: 'sk-test' });
    expect(real).toBeInstanceOf(AnthropicProvider);
    expect(real.model).toBe(DEFAULT_ANTHROPIC_MODEL);
    expect(real.offline).toBe(false);
  });

  it('honours ANTHROPIC_MODEL', () => {
    expect(createModelProvider({ ANTHROPIC_API_KEY: 'sk-test', ANTHROPIC_MODEL: 'claude-haiku-5-5' }).model).toBe('claude-haiku-5-5');
  });
});
