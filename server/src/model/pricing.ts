import type { ModelUsage } from './port.js';

/** US dollars per million tokens. */
interface Price {
  input: number;
  output: number;
  /** Some models charge more once a single request's prompt passes a size. */
  longPrompt?: { aboveInputTokens: number; input: number; output: number };
}

/**
 * List prices per model family, in USD per million tokens, as published on
 * platform.claude.com at the time of writing (November 2026). They change: check the
 * pricing page before using these figures for anything but budgets and dashboards.
 * Cache reads and writes are billed differently, but Hive sends no cache_control, so
 * every input token is priced at the base rate.
 *
 * Matched by id prefix, first match wins, so more specific prefixes come first.
 */
const PRICES: ReadonlyArray<readonly [prefix: string, price: Price]> = [
  ['claude-fable-', { input: 10, output: 50 }],
  ['claude-mythos-', { input: 10, output: 50 }],
  ['claude-opus-5-5', { input: 4, output: 20 }],
  ['claude-opus-5', { input: 5, output: 25 }],
  ['claude-opus-4-5', { input: 5, output: 25 }],
  ['claude-opus-4-6', { input: 5, output: 25 }],
  ['claude-opus-4-7', { input: 5, output: 25 }],
  ['claude-opus-4-8', { input: 5, output: 25 }],
  ['claude-opus-4', { input: 15, output: 75 }],
  ['claude-sonnet-5', { input: 2, output: 10 }],
  ['claude-sonnet-', { input: 3, output: 15 }],
  ['claude-haiku-5-5', { input: 0.1, output: 0.5, longPrompt: { aboveInputTokens: 100_000, input: 0.5, output: 2.5 } }],
  ['claude-haiku-4-5', { input: 1, output: 5 }],
  ['claude-haiku-', { input: 0.8, output: 4 }],
];

/**
 * For a model we have no price for (a gateway's own model name, a model newer than this
 * table) we charge the most expensive family, so a budget can only stop a task early,
 * never let it overspend.
 */
const UNKNOWN_MODEL_PRICE: Price = { input: 10, output: 50 };

export function priceFor(model: string): Price {
  return PRICES.find(([prefix]) => model.startsWith(prefix))?.[1] ?? UNKNOWN_MODEL_PRICE;
}

export function costUsd(model: string, usage: ModelUsage): number {
  const price = priceFor(model);
  const rate = price.longPrompt && usage.inputTokens > price.longPrompt.aboveInputTokens ? price.longPrompt : price;
  return (usage.inputTokens * rate.input + usage.outputTokens * rate.output) / 1_000_000;
}
