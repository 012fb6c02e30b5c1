/**
 * Kubernetes `Status` objects, the body every API error carries, and the error type the
 * stand-in's handlers throw. Shapes, reasons and codes follow apimachinery's
 * `metav1.Status` and `StatusReason` so clients parse them exactly as they would a real
 * server's answer.
 */

export type StatusReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Expired'
  | 'Invalid'
  | 'MethodNotAllowed'
  | 'UnsupportedMediaType'
  | 'InternalError';

export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

export interface StatusObject {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: StatusReason;
  details?: { name?: string; group?: string; kind?: string; uid?: string; causes?: StatusCause[] };
  code: number;
}

export class KubeApiError extends Error {
  constructor(readonly status: StatusObject) {
    super(status.message);
  }
  get code(): number {
    return this.status.code;
  }
}

function failure(code: number, reason: StatusReason, message: string, details?: StatusObject['details']): KubeApiError {
  return new KubeApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details && { details }), code });
}

/** `kind` in details is the plural resource name, as the real server reports it (e.g. "pods"). */
export const notFound = (resource: string, name: string, group = '') =>
  failure(404, 'NotFound', `${resource}${group ? `.${group}` : ''} "${name}" not found`, { name, ...(group && { group }), kind: resource });

export const alreadyExists = (resource: string, name: string) =>
  failure(409, 'AlreadyExists', `${resource} "${name}" already exists`, { name, kind: resource });

export const conflict = (resource: string, name: string, why: string) =>
  failure(409, 'Conflict', `Operation cannot be fulfilled on ${resource} "${name}": ${why}`, { name, kind: resource });

export const badRequest = (message: string) => failure(400, 'BadRequest', message);

export const unauthorized = () => failure(401, 'Unauthorized', 'Unauthorized');

export const forbidden = (message: string, resource?: string, name?: string) =>
  failure(403, 'Forbidden', message, resource ? { ...(name && { name }), kind: resource } : undefined);

export const gone = (message: string) => failure(410, 'Expired', message);

export const methodNotAllowed = (method: string) => failure(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource (${method})`);

export const unsupportedMediaType = (type: string) => failure(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json (got ${type})`);

export const resourceNotFound = () => failure(404, 'NotFound', 'the server could not find the requested resource');

/**
 * 422 with one cause per offending field, e.g.
 * `Pod "x" is invalid: spec.containers: Required value`.
 */
export function invalid(kind: string, name: string, causes: StatusCause[]): KubeApiError {
  const summary = causes.map((c) => `${c.field}: ${c.message}`).join(', ');
  return failure(422, 'Invalid', `${kind} "${name}" is invalid: ${causes.length > 1 ? `[${summary}]` : summary}`, { name, kind, causes });
}

export function success(resource: string, name: string, uid: string): StatusObject {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name, kind: resource, uid }, code: 200 };
}
