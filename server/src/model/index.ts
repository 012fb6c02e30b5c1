import { AnthropicProvider } from './anthropic.js';
import { OfflineModel } from './offline.js';
import type { ModelProvider } from './port.js';

export type * from './port.js';
export { AnthropicProvider, DEFAULT_ANTHROPIC_MODEL, type AnthropicProviderConfig } from './anthropic.js';
export { OfflineModel, OFFLINE_MODEL_ID } from './offline.js';
export { RequestQueue } from './request-queue.js';

export interface ModelEnv {
  ANTHROPIC_API_KEY?: string;
  ANTHROPIC_MODEL?: string;
  ANTHROPIC_BASE_URL?: string;
}

/**
 * The Anthropic API when a key is set, otherwise the offline model (DESIGN §2). Empty
 * strings count as unset, so `ANTHROPIC_API_KEY= npm start` means "offline".
 */
export function createModelProvider(env: ModelEnv, options: { maxConcurrency?: number } = {}): ModelProvider {
  const apiKey = env.ANTHROPIC_API_KEY?.trim();
  if (!apiKey) return new OfflineModel();
  return new AnthropicProvider({
    apiKey,
    model: env.ANTHROPIC_MODEL?.trim() || undefined,
    baseURL: env.ANTHROPIC_BASE_URL?.trim() || undefined,
    maxConcurrency: options.maxConcurrency,
  });
}
