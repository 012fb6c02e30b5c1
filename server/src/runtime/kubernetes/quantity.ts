/** Kubernetes quantities ("250m", "1.5Gi", "1234567n") as numbers in base units (cores, bytes). */
const SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, Pi: 1024 ** 5, Ei: 1024 ** 6,
};
const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:[eE]([+-]?\d+)|(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei))?$/;

export function parseQuantity(text: string): number | null {
  const m = QUANTITY.exec(text.trim());
  if (!m) return null;
  const value = Number(m[1]);
  return m[2] !== undefined ? value * 10 ** Number(m[2]) : value * SUFFIX[m[3] ?? '']!;
}

export function isQuantity(text: string): boolean {
  return parseQuantity(text) !== null;
}
