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

/** The defaultHook of every router: a failed validation becomes a 422 naming the fields. */
export function validationHook(result: { success: boolean; error?: z.ZodError; target?: string }): void {
  if (result.success || !result.error) return;
  const issues = toFieldIssues(result.error);
  const where = result.target === 'json' ? 'body' : (result.target ?? 'request');
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  throw new AppError('VALIDATION_FAILED', `Invalid ${where}: ${summary}`, { in: where, issues });
}
