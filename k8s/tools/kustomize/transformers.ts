/** The kustomize transformers Hive's kustomizations use: namespace and images. */
import { CLUSTER_SCOPED_KINDS, KustomizeError, type KubeObject } from './resources.js';

/**
 * Sets metadata.namespace on every namespaced object. RoleBinding subjects are left alone
 * unless named `default` (kustomize's own rule), so a binding to a service account in
 * another namespace keeps pointing there.
 */
export function setNamespace(objects: KubeObject[], namespace: string): KubeObject[] {
  return objects.map((o) => {
    if (CLUSTER_SCOPED_KINDS.has(o.kind)) return o;
    const out = structuredClone(o);
    out.metadata.namespace = namespace;
    if (out.kind === 'RoleBinding' || out.kind === 'ClusterRoleBinding') {
      for (const s of (out.subjects as { name?: string; namespace?: string }[] | undefined) ?? []) {
        if (s.name === 'default') s.namespace = namespace;
      }
    }
    return out;
  });
}

export interface ImageOverride {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

function splitImage(image: string): { name: string; tag: string | null; digest: string | null } {
  const [withoutDigest, digest] = image.split('@') as [string, string | undefined];
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  const hasTag = colon > slash;
  return { name: hasTag ? withoutDigest.slice(0, colon) : withoutDigest, tag: hasTag ? withoutDigest.slice(colon + 1) : null, digest: digest ?? null };
}

/** Rewrites `image` of every container (in pods and pod templates alike) whose image name matches. */
export function setImages(objects: KubeObject[], overrides: ImageOverride[]): KubeObject[] {
  const used = new Set<string>();
  const rewrite = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(rewrite);
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'containers' || key === 'initContainers') && Array.isArray(value)) {
        for (const c of value as { image?: string }[]) {
          if (!c.image) continue;
          const current = splitImage(c.image);
          const override = overrides.find((o) => o.name === current.name);
          if (!override) continue;
          used.add(override.name);
          const name = override.newName ?? current.name;
          if (override.digest) c.image = `${name}@${override.digest}`;
          else {
            const tag = override.newTag ?? current.tag;
            c.image = tag ? `${name}:${tag}` : name;
          }
        }
      } else rewrite(value);
    }
  };
  const out = objects.map((o) => structuredClone(o));
  out.forEach(rewrite);
  // Real kustomize ignores an override that matches nothing; here that is a typo to report.
  const unused = overrides.filter((o) => !used.has(o.name)).map((o) => o.name);
  if (unused.length > 0) throw new KustomizeError(`images: no container uses ${unused.join(', ')}`);
  return out;
}
