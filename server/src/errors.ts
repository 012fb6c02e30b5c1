import { ERROR_STATUS, type ErrorCode, type FieldIssue } from '../../shared/index.js';

/** The one error type services throw; the app's onError turns it into `{ code, message, details }`. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): (typeof ERROR_STATUS)[ErrorCode] {
    return ERROR_STATUS[this.code];
  }

  static notFound(what: string, id: string): AppError {
    return new AppError('NOT_FOUND', `${what} ${id} does not exist`, { resource: what, id });
  }

  /** A validation failure pinned to one field, shaped like the schema validator's errors. */
  static field(path: string, message: string): AppError {
    const issues: FieldIssue[] = [{ path, message }];
    return new AppError('VALIDATION_FAILED', `${path}: ${message}`, { issues });
  }
}
