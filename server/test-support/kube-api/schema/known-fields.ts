/**
 * Unknown-field detection for built-in kinds, like the API server's strict field validation
 * (`fieldValidation=Strict`, kubectl's `--validate=strict`): a typo such as `imagePullPolicyy`
 * or a field at the wrong level is found instead of being silently dropped.
 *
 * The field lists come from @kubernetes/client-node's generated models (`attributeTypeMap`),
 * which are generated from the same OpenAPI document as the schemas.
 */
import * as k8s from '@kubernetes/client-node';

interface Attribute {
  baseName: string;
  type: string;
}

export interface UnknownField {
  /** e.g. `spec.containers[0].imagePullPolicyy` */
  field: string;
  /** Removes the field from the object (what the server does in Warn and Ignore modes). */
  drop(): void;
}

const models = k8s as unknown as Record<string, { attributeTypeMap?: Attribute[] } | undefined>;
const ARRAY = /^Array<(.+)>$/;
const MAP = /^\{ \[key: string\]: (.+); \}$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `apps/v1` + `Deployment` → `V1Deployment`, `autoscaling/v2` + `HorizontalPodAutoscaler` → `V2HorizontalPodAutoscaler`. */
export function modelName(apiVersion: string, kind: string): string {
  const version = apiVersion.split('/').pop()!;
  return `${version.charAt(0).toUpperCase()}${version.slice(1)}${kind}`;
}

function walk(value: unknown, type: string, path: string, out: UnknownField[]): void {
  if (value === null || value === undefined) return;
  const array = ARRAY.exec(type);
  if (array) {
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, array[1]!, `${path}[${i}]`, out));
    return;
  }
  const map = MAP.exec(type);
  if (map) {
    if (isPlainObject(value)) for (const [k, v] of Object.entries(value)) walk(v, map[1]!, `${path}.${k}`, out);
    return;
  }
  const attributes = models[type]?.attributeTypeMap;
  if (!attributes || !isPlainObject(value)) return;
  for (const key of Object.keys(value)) {
    const attribute = attributes.find((a) => a.baseName === key);
    const field = path ? `${path}.${key}` : key;
    if (attribute) walk(value[key], attribute.type, field, out);
    else out.push({ field, drop: () => delete value[key] });
  }
}

/** Unknown fields of a value of one model type (e.g. `V1ObjectMeta` for a custom resource's metadata). */
export function unknownFieldsOfType(value: unknown, type: string, path: string): UnknownField[] {
  const out: UnknownField[] = [];
  walk(value, type, path, out);
  return out;
}

/** Fields the kind does not have, or null when the kind is not a built-in one. */
export function unknownFields(object: { apiVersion?: unknown; kind?: unknown }): UnknownField[] | null {
  if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') return null;
  const name = modelName(object.apiVersion, object.kind);
  if (!models[name]?.attributeTypeMap) return null;
  const out: UnknownField[] = [];
  walk(object, name, '', out);
  return out;
}
