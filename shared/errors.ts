import { z } from 'zod';

/** Every error the API returns has one of these codes; the HTTP status follows from the code. */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 422,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
  DEPENDENCY_CYCLE: 422,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const ErrorCode = z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]);

export const FieldIssue = z.object({
  path: z.string().describe('Dotted path of the offending field, e.g. "capabilities.0"'),
  message: z.string(),
});
export type FieldIssue = z.infer<typeof FieldIssue>;

export const ApiError = z
  .object({
    code: ErrorCode,
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'Error' });
export type ApiError = z.infer<typeof ApiError>;
