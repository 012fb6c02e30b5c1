/**
 * Strategic merge patches, for the shapes Hive's overlays patch: maps merge recursively
 * (`null` deletes a key), lists of named things merge by their key (containers and env by
 * `name`, volume mounts by `mountPath`, container ports by `containerPort`, service ports by
 * `port`), every other list is replaced — as the Kubernetes patch strategy for those fields
 * says. Directives (`$patch`, `$setElementOrder`, `$retainKeys`) are refused rather than
 * half-supported.
 */
import { KustomizeError } from './resources.js';

type Json = unknown;
const isMap = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

const MERGE_KEY: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
};

function mergeKeyFor(field: string, items: Json[]): string | null {
  if (field === 'ports') return items.some((i) => isMap(i) && 'containerPort' in i) ? 'containerPort' : 'port';
  return MERGE_KEY[field] || null;
}

function mergeList(field: string, base: Json[], patch: Json[], path: string): Json[] {
  const key = mergeKeyFor(field, [...base, ...patch]);
  if (!key) return structuredClone(patch);
  const out = structuredClone(base);
  for (const item of patch) {
    if (!isMap(item) || !(key in item)) throw new KustomizeError(`patch ${path}: every item needs its merge key "${key}"`);
    const at = out.findIndex((b) => isMap(b) && b[key] === item[key]);
    if (at === -1) out.push(structuredClone(item));
    else out[at] = mergeValue(out[at], item, `${path}[${key}=${String(item[key])}]`);
  }
  return out;
}

function mergeValue(base: Json, patch: Json, path: string, field = ''): Json {
  if (isMap(patch)) {
    const directive = Object.keys(patch).find((k) => k.startsWith('$'));
    if (directive) throw new KustomizeError(`patch ${path}: the ${directive} directive is not supported by this renderer`);
    const out: Record<string, Json> = isMap(base) ? structuredClone(base) : {};
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) delete out[k];
      else out[k] = mergeValue(out[k], v, `${path}.${k}`, k);
    }
    return out;
  }
  if (Array.isArray(patch) && Array.isArray(base)) return mergeList(field, base, patch, path);
  return structuredClone(patch);
}

export function strategicMerge<T>(base: T, patch: Json): T {
  return mergeValue(base, patch, '') as T;
}
