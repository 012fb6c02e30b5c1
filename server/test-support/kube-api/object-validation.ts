/**
 * What the API server checks on every object before the kind-specific rules: the body's
 * kind and namespace agree with the URL, the OpenAPI schema (a wrong type is a 400 decoding
 * error, a missing required field a 422), unknown fields per `fieldValidation`, and
 * metadata (name, labels, annotations).
 */
import { FieldErrors } from './field-errors.js';
import { dns1123Subdomain, labelValue, qualifiedName } from './names.js';
import type { KubeObject } from './object-store.js';
import { unknownFields } from './schema/known-fields.js';
import { validateAgainstOpenApi } from './schema/openapi-schema.js';
import { badRequest } from './status.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface DecodedObject {
  object: KubeObject;
  /** `Warning` headers for unknown fields the server dropped. */
  warnings: string[];
}

export function parseFieldValidation(value: string | null): FieldValidation {
  if (value === null || value === '') return 'Warn';
  if (value === 'Strict' || value === 'Warn' || value === 'Ignore') return value;
  throw badRequest(`fieldValidation ${value} is invalid, must be one of: Ignore, Warn, Strict`);
}

/** Decodes a request body into an object of the expected kind, or throws the Status the server would answer. */
export async function decodeObject(
  body: unknown,
  expected: { apiVersion: string; kind: string; namespace: string },
  fieldValidation: FieldValidation,
): Promise<DecodedObject> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('Object \'Kind\' is missing in the request body');
  const object = body as KubeObject;
  object.apiVersion ??= expected.apiVersion;
  object.kind ??= expected.kind;
  if (object.apiVersion !== expected.apiVersion || object.kind !== expected.kind) {
    throw badRequest(`the API version in the data (${object.apiVersion}) does not match the expected API version (${expected.apiVersion}) or kind ${object.kind} is not ${expected.kind}`);
  }
  object.metadata ??= { name: '' };
  if (object.metadata.namespace && object.metadata.namespace !== expected.namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  object.metadata.namespace = expected.namespace;

  const issues = (await validateAgainstOpenApi(object)) ?? [];
  // Wrong JSON types and bad base64 fail while decoding on a real server: 400, not 422.
  const typeIssue = issues.find((i) => i.keyword === 'type' || (i.keyword === 'format' && i.format === 'byte'));
  if (typeIssue) {
    throw badRequest(`${expected.kind} in version "${expected.apiVersion}" cannot be handled as a ${expected.kind}: json: cannot unmarshal into field ${typeIssue.field} (${typeIssue.message})`);
  }

  const warnings: string[] = [];
  const unknown = unknownFields(object) ?? [];
  if (unknown.length > 0 && fieldValidation === 'Strict') {
    throw badRequest(`strict decoding error: ${unknown.map((u) => `unknown field "${u.field}"`).join(', ')}`);
  }
  for (const field of unknown) {
    field.drop();
    if (fieldValidation === 'Warn') warnings.push(`unknown field "${field.field}"`);
  }

  const errors = new FieldErrors();
  for (const issue of issues) {
    if (issue.message === 'Required value') errors.required(issue.field);
    else errors.invalid(issue.field, undefined, issue.message);
  }
  validateMetadata(object, errors);
  errors.throwIfAny(expected.kind, object.metadata.name || object.metadata.generateName || '');
  return { object, warnings };
}

function validateMetadata(object: KubeObject, errors: FieldErrors): void {
  const meta = object.metadata;
  if (!meta.name && meta.generateName) meta.name = `${meta.generateName}${Math.random().toString(36).slice(2, 7)}`;
  if (!meta.name) errors.required('metadata.name', 'name or generateName is required');
  else errors.check('metadata.name', meta.name, dns1123Subdomain);
  for (const [k, v] of Object.entries(meta.labels ?? {})) {
    errors.check('metadata.labels', k, qualifiedName);
    if (typeof v !== 'string') errors.invalid(`metadata.labels.${k}`, v, 'must be a string');
    else errors.check('metadata.labels', v, labelValue);
  }
  for (const k of Object.keys(meta.annotations ?? {})) errors.check('metadata.annotations', k, qualifiedName);
  for (const [i, ref] of (meta.ownerReferences ?? []).entries()) {
    if (!ref.uid) errors.required(`metadata.ownerReferences[${i}].uid`);
    if (!ref.name) errors.required(`metadata.ownerReferences[${i}].name`);
  }
}
