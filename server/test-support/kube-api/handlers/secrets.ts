/** core/v1 secrets: create, update (optimistic concurrency, `immutable`) and immediate deletion. */
import { decodeObject, parseFieldValidation } from '../object-validation.js';
import { normaliseSecret, type Secret } from '../secret-validation.js';
import { invalid, success } from '../status.js';
import { checkPreconditions, deleteOptions, type ResourceMeta } from './collection.js';
import { json, type ApiContext, type ApiRequest, type Reply } from './context.js';

export const SECRET: ResourceMeta = { resource: 'secrets', kind: 'Secret', listKind: 'SecretList', apiVersion: 'v1' };

export async function createSecret(ctx: ApiContext, req: ApiRequest): Promise<Reply> {
  const { object, warnings } = await decodeObject(req.body, { ...SECRET, namespace: req.namespace }, parseFieldValidation(req.query.get('fieldValidation')));
  normaliseSecret(object as Secret);
  delete object.metadata.deletionTimestamp;
  return json(201, ctx.store.create('secrets', object), warnings);
}

export async function updateSecret(ctx: ApiContext, req: ApiRequest): Promise<Reply> {
  const { object, warnings } = await decodeObject(req.body, { ...SECRET, namespace: req.namespace }, parseFieldValidation(req.query.get('fieldValidation')));
  const next = object as Secret;
  normaliseSecret(next);
  const current = ctx.store.get('secrets', req.namespace, req.name!) as Secret;
  if (current.immutable && JSON.stringify(current.data) !== JSON.stringify(next.data)) {
    throw invalid('Secret', req.name!, [{ reason: 'FieldValueForbidden', field: 'data', message: 'Forbidden: field is immutable when `immutable` is set' }]);
  }
  next.metadata.deletionTimestamp = current.metadata.deletionTimestamp;
  const stored = ctx.store.update('secrets', next);
  if (stored.metadata.deletionTimestamp && !stored.metadata.finalizers?.length) ctx.store.remove('secrets', req.namespace, req.name!);
  return json(200, stored, warnings);
}

export function deleteSecret(ctx: ApiContext, req: ApiRequest): Reply {
  const secret = ctx.store.get('secrets', req.namespace, req.name!);
  const options = deleteOptions(req);
  checkPreconditions(SECRET, secret, options);
  if (secret.metadata.finalizers?.length) {
    secret.metadata.deletionTimestamp ??= new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    delete secret.metadata.resourceVersion;
    return json(200, ctx.store.update('secrets', secret));
  }
  ctx.store.remove('secrets', req.namespace, req.name!);
  return json(200, success('secrets', req.name!, secret.metadata.uid!));
}
