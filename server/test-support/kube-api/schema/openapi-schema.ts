/**
 * Validation against the Kubernetes OpenAPI schemas, offline: `kubernetes-models` ships one
 * ajv-compiled validator per built-in kind, generated from the API server's own OpenAPI
 * document (types, required fields, enums, formats). Shared by the stand-in API server (what
 * it accepts) and the k8s/ manifest tests (what we ship).
 *
 * These schemas do not forbid unknown fields; known-fields.ts does that part.
 */

export interface SchemaIssue {
  /** Field path in the API's own notation, e.g. `spec.containers[0].image`. */
  field: string;
  /** ajv keyword: `required`, `type`, `enum`, `format`, ... */
  keyword: string;
  /** For `format` issues, which format (`byte` is base64, `int-or-string`, ...). */
  format?: string;
  message: string;
}

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

type ModelClass = new (data: unknown) => { validate(): void };

/** `/spec/containers/0/image` → `spec.containers[0].image`. */
export function fieldPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

/** The model module of a built-in kind, or null when kubernetes-models has none. */
async function modelFor(apiVersion: string, kind: string): Promise<ModelClass | null> {
  if (!/^[a-z0-9.]+\/v\w+$|^v\w+$/.test(apiVersion) || !/^[A-Z]\w*$/.test(kind)) return null;
  try {
    // A computed specifier on purpose (one module per kind); the bundler must not try to resolve it.
    const specifier = `kubernetes-models/${apiVersion}/${kind}`;
    const mod = (await import(/* @vite-ignore */ specifier)) as Record<string, unknown>;
    return (mod[kind] as ModelClass | undefined) ?? null;
  } catch {
    return null;
  }
}

/** Issues with the object, [] when it validates, null when there is no schema for its kind. */
export async function validateAgainstOpenApi(object: { apiVersion?: unknown; kind?: unknown }): Promise<SchemaIssue[] | null> {
  if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') return null;
  const Model = await modelFor(object.apiVersion, object.kind);
  if (!Model) return null;
  try {
    new Model(object).validate();
    return [];
  } catch (err) {
    const errors = (err as { errors?: AjvError[] }).errors;
    if (!errors) throw err;
    return errors.map((e) => {
      const missing = e.keyword === 'required' ? String(e.params.missingProperty) : null;
      const field = fieldPath(e.instancePath);
      return {
        field: missing ? (field ? `${field}.${missing}` : missing) : field,
        keyword: e.keyword,
        ...(e.keyword === 'format' && { format: String(e.params.format) }),
        message: missing ? 'Required value' : (e.message ?? e.keyword),
      };
    });
  }
}
