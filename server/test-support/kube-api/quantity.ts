/**
 * `resource.Quantity` strings ("250m", "64Mi", "1.5", "1e3") as numbers, for the checks the
 * real server makes (a limit below its request is refused) and for metrics. Kept apart from
 * the driver's own parser on purpose: a shared bug would otherwise pass both sides.
 */
const SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};
const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?)$/;

/** The value in base units (cores, bytes), or null when the string is not a quantity. */
export function parseQuantity(text: string | number): number | null {
  if (typeof text === 'number') return text;
  const m = QUANTITY.exec(text.trim());
  if (!m) return null;
  const base = Number(m[1]);
  if (m[2]) return base * 10 ** Number(m[2].slice(1));
  return base * SUFFIX[m[3] ?? '']!;
}
