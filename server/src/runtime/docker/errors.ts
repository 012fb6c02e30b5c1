/** Docker Engine API errors as dockerode reports them (an Error with the HTTP status). */
export function dockerStatus(err: unknown): number | undefined {
  const status = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

export const isNotFound = (err: unknown): boolean => dockerStatus(err) === 404;
export const isConflict = (err: unknown): boolean => dockerStatus(err) === 409;
/** 304: already started / already stopped. */
export const isNotModified = (err: unknown): boolean => dockerStatus(err) === 304;

export function dockerMessage(err: unknown): string {
  const json = (err as { json?: { message?: unknown } } | null)?.json;
  if (json && typeof json.message === 'string') return json.message;
  return err instanceof Error ? err.message : String(err);
}

/** Resolves with `value` when the promise rejects with a 404 (the thing is already gone). */
export async function unlessGone<T>(work: Promise<T>, value: T): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (isNotFound(err)) return value;
    throw err;
  }
}
