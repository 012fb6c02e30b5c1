import type { z } from 'zod';
import type { FieldIssue } from '../../../shared/index.js';
import { AppError } from '../errors.js';

/** Flatten zod issues into `{ path, message }`, naming each offending field. */
export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const base = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...base, key].join('.'), message: 'is not a known field' }));
    }
    return [{ path: base.join('.') || '(body)', message: issue.message }];
  });
}

/** Where in `value` a string holds a NUL character (Postgres text cannot store one), if anywhere. */
export function nulCharacterPath(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') || '(body)' : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value)) {
    const found = nulCharacterPath(item, [...path, key]);
    if (found !== null) return found;
  }
  return null;
}

/**
 * The defaultHook of every router: a failed validation becomes a 422 naming the fields, and so
 * does text the database cannot store (a NUL character), before it reaches the store as a 500.
 */
export function validationHook(result: { success: boolean; error?: z.ZodError; target?: string; data?: unknown }): void {
  if (result.success) {
    const path = nulCharacterPath(result.data);
    if (path === null) return;
    const where = result.target === 'json' ? 'body' : (result.target ?? 'request');
    throw new AppError('VALIDATION_FAILED', `Invalid ${where}: ${path}: must not contain the NUL character`, { in: where, issues: [{ path, message: 'must not contain the NUL character' }] });
  }
  if (!result.error) return;
  const issues = toFieldIssues(result.error);
  const where = result.target === 'json' ? 'body' : (result.target ?? 'request');
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  throw new AppError('VALIDATION_FAILED', `Invalid ${where}: ${summary}`, { in: where, issues });
}
