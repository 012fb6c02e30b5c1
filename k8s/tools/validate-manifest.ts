/**
 * Validates a Kubernetes object offline, as strictly as an API server with strict field
 * validation would: built-in kinds against the Kubernetes OpenAPI schemas (kubernetes-models'
 * ajv validators) plus unknown-field detection; KEDA kinds against the strict JSON schemas in
 * schemas/ (compiled with ajv); and the checks the API server makes that no schema states
 * (name syntax, labels, a workload's selector matching its template).
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { dns1123Label, dns1123Subdomain, labelValue, qualifiedName } from '../../server/test-support/kube-api/names.js';
import { podSecurityViolations, type PodSpecLike } from '../../server/test-support/kube-api/pod-security.js';
import { unknownFields, unknownFieldsOfType } from '../../server/test-support/kube-api/schema/known-fields.js';
import { fieldPath, validateAgainstOpenApi } from '../../server/test-support/kube-api/schema/openapi-schema.js';
import type { KubeObject } from './kustomize/resources.js';

// Union types are how JSON Schema says int-or-string (quantities such as an HPA tolerance).
// strictRequired off: `anyOf: [{ required: [...] }]` naming properties defined one level up is standard JSON Schema.
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
const CUSTOM_SCHEMAS: Record<string, ValidateFunction> = {};
for (const kind of ['ScaledObject', 'TriggerAuthentication']) {
  const schema = JSON.parse(readFileSync(new URL(`./schemas/keda.sh_v1alpha1_${kind}.json`, import.meta.url), 'utf8')) as object;
  CUSTOM_SCHEMAS[`keda.sh/v1alpha1/${kind}`] = ajv.compile(schema);
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);
/** Kinds whose names are DNS labels (no dots), not subdomains. */
const LABEL_NAMED = new Set(['Namespace', 'Service']);

function ajvMessage(e: ErrorObject): string {
  const field = fieldPath(e.instancePath) || '(root)';
  if (e.keyword === 'additionalProperties') return `${field ? `${field}.` : ''}${String(e.params.additionalProperty)}: unknown field`.replace(/^\(root\)\./, '');
  if (e.keyword === 'required') return `${field === '(root)' ? '' : `${field}.`}${String(e.params.missingProperty)}: Required value`;
  return `${field}: ${e.message ?? e.keyword}`;
}

function metadataErrors(o: KubeObject): string[] {
  const errors: string[] = [];
  const name = o.metadata?.name ?? '';
  const nameCheck = LABEL_NAMED.has(o.kind) ? dns1123Label : dns1123Subdomain;
  for (const e of nameCheck(name)) errors.push(`metadata.name: Invalid value: ${JSON.stringify(name)}: ${e}`);
  for (const [k, v] of Object.entries(o.metadata?.labels ?? {})) {
    for (const e of [...qualifiedName(k), ...labelValue(String(v))]) errors.push(`metadata.labels.${k}: ${e}`);
  }
  for (const k of Object.keys(o.metadata?.annotations ?? {})) for (const e of qualifiedName(k)) errors.push(`metadata.annotations.${k}: ${e}`);
  return errors;
}

function workloadErrors(o: KubeObject): string[] {
  if (!WORKLOADS.has(o.kind)) return [];
  const spec = o.spec as { selector?: { matchLabels?: Record<string, string> }; template?: { metadata?: { labels?: Record<string, string> } } } | undefined;
  const selector = spec?.selector?.matchLabels ?? {};
  const labels = spec?.template?.metadata?.labels ?? {};
  const mismatch = Object.entries(selector).some(([k, v]) => labels[k] !== v);
  return mismatch ? ['spec.template.metadata.labels: Invalid value: `selector` does not match template `labels`'] : [];
}

/** Every problem found, each prefixed with Kind/name; [] when the object is valid. */
export async function validateManifest(o: KubeObject): Promise<string[]> {
  const where = `${o?.kind ?? '?'}/${o?.metadata?.name ?? '?'}`;
  if (!o || typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') return [`${where}: apiVersion and kind are required`];
  const errors: string[] = [];
  const custom = CUSTOM_SCHEMAS[`${o.apiVersion}/${o.kind}`];
  if (custom) {
    // `if` failures only repeat what the `then` branch's own errors already say.
    if (!custom(o)) errors.push(...(custom.errors ?? []).filter((e) => e.keyword !== 'if').map(ajvMessage));
    errors.push(...unknownFieldsOfType(o.metadata, 'V1ObjectMeta', 'metadata').map((u) => `${u.field}: unknown field`));
  } else {
    const issues = await validateAgainstOpenApi(o);
    if (issues === null) return [`${where}: no schema for ${o.apiVersion} ${o.kind}`];
    errors.push(...issues.map((i) => `${i.field}: ${i.message}`));
    errors.push(...(unknownFields(o) ?? []).map((u) => `${u.field}: unknown field`));
  }
  errors.push(...metadataErrors(o), ...workloadErrors(o));
  return errors.map((e) => `${where}: ${e}`);
}

/** The pod spec a workload runs, or null for objects that run no pods. */
export function podSpecOf(o: KubeObject): (PodSpecLike & Record<string, unknown>) | null {
  const spec = o.spec as Record<string, any> | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any
  if (o.kind === 'Pod') return spec ?? null;
  if (WORKLOADS.has(o.kind) || o.kind === 'Job') return spec?.template?.spec ?? null;
  if (o.kind === 'CronJob') return spec?.jobTemplate?.spec?.template?.spec ?? null;
  return null;
}

/** What Pod Security admission at `restricted` would refuse in this object's pods. */
export function restrictedViolations(o: KubeObject): string[] {
  const spec = podSpecOf(o);
  return spec ? podSecurityViolations(spec, 'restricted').map((v) => `${o.kind}/${o.metadata.name}: ${v}`) : [];
}
