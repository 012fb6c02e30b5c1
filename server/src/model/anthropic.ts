/**
 * The production ModelProvider: the Anthropic Messages API through @anthropic-ai/sdk,
 * streaming, so the dashboard can show text as it is written.
 *
 * Retries are ours, not the SDK's (`maxRetries: 0`). The SDK retries well, but silently
 * and inside one call: the RequestQueue would never learn about a 429, and could not hold
 * the other requests of the fleet until the retry-after time. Doing it here lets one loop
 * see every failure, pause the shared queue on rate limits, and still honour abort signals
 * during the wait.
 */
import Anthropic from '@anthropic-ai/sdk';
import type { Model } from '@anthropic-ai/sdk/resources/messages';
import { AssistantTurnMemory, fromSdkMessage, toSdkParams } from './anthropic-mapping.js';
import type { CompleteOptions, ModelProvider, ModelRequest, ModelResponse, ModelUsage } from './port.js';
import { costUsd } from './pricing.js';
import { RequestQueue } from './request-queue.js';
import {
  backoffDelayMs,
  classifyFailure,
  DEFAULT_RETRY_OPTIONS,
  retryAfterDelayMs,
  type RetryOptions,
} from './retry-policy.js';

/** The ids the SDK lists by name; its `Model` type also admits any string, which checks nothing. */
type ListedModel<M = Model> = M extends unknown ? (string extends M ? never : M) : never;

/**
 * Claude Sonnet 5.5: the newest Sonnet in the SDK's `Model` list (1.11.0), not in its
 * DEPRECATED_MODELS, and the model the SDK's own examples use. Sonnet rather than Opus or
 * Fable because a fleet makes many calls and Sonnet is the speed/price balance.
 * Typed as ListedModel so the build breaks if a future SDK drops the id; a test checks
 * that the SDK does not warn that it is deprecated.
 */
export const DEFAULT_ANTHROPIC_MODEL: ListedModel = 'claude-sonnet-5-5';

export interface AnthropicProviderConfig {
  apiKey: string;
  /** Defaults to DEFAULT_ANTHROPIC_MODEL. */
  model?: string;
  /** Any Messages-API-compatible endpoint (a gateway, or the test server). */
  baseURL?: string;
  /** Requests in flight at once; default 4. Ignored when `queue` is given. */
  maxConcurrency?: number;
  /** Share one queue between providers so they pause together on a 429. */
  queue?: RequestQueue;
  retry?: Partial<RetryOptions>;
  /** Per attempt; default 10 minutes, the SDK's own default. */
  timeoutMs?: number;
}

export class AnthropicProvider implements ModelProvider {
  readonly name = 'anthropic' as const;
  readonly offline = false;
  readonly model: string;
  readonly queue: RequestQueue;
  readonly #client: Anthropic;
  readonly #retry: RetryOptions;
  readonly #turns = new AssistantTurnMemory();

  constructor(config: AnthropicProviderConfig) {
    this.model = config.model ?? DEFAULT_ANTHROPIC_MODEL;
    this.queue = config.queue ?? new RequestQueue(config.maxConcurrency ?? 4);
    this.#retry = { ...DEFAULT_RETRY_OPTIONS, ...config.retry };
    this.#client = new Anthropic({
      apiKey: config.apiKey,
      baseURL: config.baseURL ?? null,
      maxRetries: 0,
      timeout: config.timeoutMs ?? 10 * 60_000,
    });
  }

  async complete(request: ModelRequest, options: CompleteOptions = {}): Promise<ModelResponse> {
    const { signal } = options;
    for (let retry = 0; ; retry++) {
      try {
        return await this.queue.run(() => this.#attempt(request, options), signal);
      } catch (error) {
        if (signal?.aborted) throw error;
        const failure = classifyFailure(error);
        if (!failure.retryable || retry >= this.#retry.maxRetries) throw error;
        if (failure.retryAfterMs !== undefined && failure.retryAfterMs > this.#retry.maxRetryAfterMs) throw error;
        const delayMs =
          failure.retryAfterMs !== undefined && failure.retryAfterMs > 0
            ? retryAfterDelayMs(failure.retryAfterMs)
            : backoffDelayMs(retry, this.#retry);
        if (failure.rateLimited) this.queue.pauseUntil(Date.now() + delayMs);
        await sleep(delayMs, signal);
      }
    }
  }

  costUsd(usage: ModelUsage): number {
    return costUsd(this.model, usage);
  }

  async #attempt(request: ModelRequest, { onText, signal }: CompleteOptions): Promise<ModelResponse> {
    const stream = this.#client.messages.stream(toSdkParams(request, this.model, this.#turns), { signal });
    // A stream that breaks after some text and is retried sends that text again: the
    // dashboard shows it twice, but the final response (from finalMessage) is whole.
    if (onText) stream.on('text', (delta) => onText(delta));
    const message = await stream.finalMessage();
    this.#turns.remember(message.content);
    return fromSdkMessage(message);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
