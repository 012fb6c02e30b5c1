/**
 * A Postgres array literal, for a query parameter cast to an array type in raw SQL
 * (`${arrayLiteral(ids)}::uuid[]`). Sent as text, so it means the same on every driver:
 * postgres.js runs without `fetch_types` (see store/postgres.ts) and then cannot send a
 * JavaScript array as an array. Null elements stay SQL NULL.
 */
export function arrayLiteral(values: ReadonlyArray<string | null>): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`;
}
