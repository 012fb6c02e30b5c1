/**
 * Secret validation and normalisation as the real server does it: `stringData` is
 * write-only and merged into base64 `data`, keys must be valid config keys, values must be
 * valid base64 (a 400 decoding error otherwise), the total stays under 1 MiB.
 */
import { FieldErrors } from './field-errors.js';
import { configMapKey } from './names.js';
import type { KubeObject } from './object-store.js';
import { badRequest } from './status.js';

const MAX_SECRET_BYTES = 1024 * 1024;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export interface Secret extends KubeObject {
  type?: string;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  immutable?: boolean;
}

export function normaliseSecret(secret: Secret): void {
  const errors = new FieldErrors();
  for (const [key, value] of Object.entries(secret.data ?? {})) {
    if (typeof value !== 'string' || !BASE64.test(value)) throw badRequest(`Secret in version "v1" cannot be handled as a Secret: illegal base64 data in data.${key}`);
  }
  const data: Record<string, string> = { ...secret.data };
  for (const [key, value] of Object.entries(secret.stringData ?? {})) data[key] = Buffer.from(value, 'utf8').toString('base64');
  delete secret.stringData;
  let total = 0;
  for (const [key, value] of Object.entries(data)) {
    errors.check(`data[${key}]`, key, configMapKey);
    total += Buffer.from(value, 'base64').length;
  }
  if (total > MAX_SECRET_BYTES) errors.forbidden('data', `Too long: must have at most ${MAX_SECRET_BYTES} bytes`);
  errors.throwIfAny('Secret', secret.metadata.name);
  secret.data = data;
  secret.type ??= 'Opaque';
}
