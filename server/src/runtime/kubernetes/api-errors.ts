/**
 * Reading errors from the Kubernetes API. @kubernetes/client-node throws an ApiException
 * whose `body` is the response text, normally a JSON `Status` ({ code, reason, message });
 * watches and streams fail with a plain Error carrying `statusCode`.
 */

export interface KubeFailure {
  code: number;
  reason: string | null;
  message: string;
}

export function kubeFailure(err: unknown): KubeFailure | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as { code?: unknown; statusCode?: unknown; body?: unknown; message?: unknown };
  const code = typeof e.code === 'number' ? e.code : typeof e.statusCode === 'number' ? e.statusCode : null;
  if (code === null) return null;
  let status: { reason?: unknown; message?: unknown } | null = null;
  if (typeof e.body === 'string') {
    try {
      status = JSON.parse(e.body) as { reason?: unknown; message?: unknown };
    } catch {
      status = { message: e.body };
    }
  } else if (typeof e.body === 'object' && e.body !== null) {
    status = e.body as { reason?: unknown; message?: unknown };
  }
  const message = typeof status?.message === 'string' && status.message ? status.message : typeof e.message === 'string' ? e.message.split('\n')[0]! : `HTTP ${code}`;
  return { code, reason: typeof status?.reason === 'string' ? status.reason : null, message };
}

export const isNotFound = (err: unknown) => kubeFailure(err)?.code === 404;
export const isConflict = (err: unknown) => kubeFailure(err)?.code === 409;

/** One line for logs and error messages: "409 AlreadyExists: pods "x" already exists", or the network error. */
export function describeKubeError(err: unknown): string {
  const failure = kubeFailure(err);
  if (failure) return `${failure.code}${failure.reason ? ` ${failure.reason}` : ''}: ${failure.message}`;
  return err instanceof Error ? err.message : String(err);
}
