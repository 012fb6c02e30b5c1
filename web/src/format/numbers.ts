const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const dollars = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 4, minimumFractionDigits: 2 });

/** "12,345 tokens". */
export function formatTokens(tokens: number): string {
  return `${integer.format(tokens)} token${tokens === 1 ? '' : 's'}`;
}

/** "$0.0123": model cost in US dollars. */
export function formatCost(usd: number): string {
  return dollars.format(usd);
}

export function formatCount(value: number): string {
  return integer.format(value);
}
