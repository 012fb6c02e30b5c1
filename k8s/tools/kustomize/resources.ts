/**
 * Resources as kustomize sees them: identified by group, kind, namespace and name (not
 * version), read from multi-document YAML files.
 */
import { readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; [k: string]: unknown };
  [field: string]: unknown;
}

/** Kinds without a namespace: the namespace transformer leaves them alone. */
export const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PersistentVolume', 'StorageClass',
  'PriorityClass', 'IngressClass', 'RuntimeClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
  'APIService', 'Node', 'ClusterTriggerAuthentication',
]);

export const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0]! : '');

export function resourceId(o: KubeObject): string {
  return `${groupOf(o.apiVersion) || 'core'}/${o.kind}/${o.metadata.namespace ?? '~'}/${o.metadata.name}`;
}

export class KustomizeError extends Error {
  override name = 'KustomizeError';
}

/** Every document of a YAML file, each checked to be a Kubernetes object. */
export async function readObjects(path: string): Promise<KubeObject[]> {
  const text = await readFile(path, 'utf8').catch((err: Error) => {
    throw new KustomizeError(`cannot read ${path}: ${err.message}`);
  });
  const objects: KubeObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new KustomizeError(`${path}: ${doc.errors[0]!.message}`);
    const value = doc.toJS() as unknown;
    if (value === null || value === undefined) continue;
    const o = value as Partial<KubeObject>;
    if (typeof o !== 'object' || !o.apiVersion || !o.kind || !o.metadata?.name) {
      throw new KustomizeError(`${path}: every document needs apiVersion, kind and metadata.name`);
    }
    objects.push(o as KubeObject);
  }
  return objects;
}
