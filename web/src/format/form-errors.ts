import { ApiRequestError, describeError } from '../api/client.js';

const NO_ISSUES: ReadonlyMap<string, string> = new Map();

/**
 * Per-field messages of a VALIDATION_FAILED answer, keyed by the field's dotted path.
 * The hub phrases them to follow the field's name ("is not your current password");
 * shown under the field's label they read as sentences, so they are capitalised.
 */
export function fieldIssues(error: unknown): ReadonlyMap<string, string> {
  if (!(error instanceof ApiRequestError)) return NO_ISSUES;
  const issues = new Map<string, string>();
  for (const [path, message] of error.fieldIssues) issues.set(path, message.charAt(0).toUpperCase() + message.slice(1));
  return issues;
}

/**
 * The sentence above a form. When every problem the hub named belongs to a field the
 * form shows, the messages already sit beside those fields, so the summary just points
 * there instead of repeating them with machine paths ("currentPassword: …").
 */
export function formErrorMessage(error: unknown, formFields: readonly string[]): string {
  const issues = fieldIssues(error);
  if (issues.size > 0 && [...issues.keys()].every((path) => formFields.includes(path))) {
    return issues.size === 1 ? 'Check the field marked below.' : 'Check the fields marked below.';
  }
  return describeError(error);
}
