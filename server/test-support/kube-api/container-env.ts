/**
 * What a container sees when the kubelet starts it: its environment (the image's, the
 * kubelet's own, then the container's `env` with `valueFrom` resolved — a missing Secret or
 * key is a CreateContainerConfigError and the kubelet retries) and which paths it can write.
 */
import type { ObjectStore } from './object-store.js';
import type { ContainerSpec, Pod } from './pod-validation.js';
import type { Secret } from './secret-validation.js';

/** What an image typically sets; the kubelet adds HOSTNAME and the API service's address. */
const IMAGE_ENV = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' };
const KUBERNETES_SERVICE_ENV = {
  KUBERNETES_SERVICE_HOST: '10.96.0.1',
  KUBERNETES_SERVICE_PORT: '443',
  KUBERNETES_SERVICE_PORT_HTTPS: '443',
  KUBERNETES_PORT: 'tcp://10.96.0.1:443',
  KUBERNETES_PORT_443_TCP: 'tcp://10.96.0.1:443',
  KUBERNETES_PORT_443_TCP_PROTO: 'tcp',
  KUBERNETES_PORT_443_TCP_PORT: '443',
  KUBERNETES_PORT_443_TCP_ADDR: '10.96.0.1',
};

export type ResolvedEnv = { env: Record<string, string> } | { error: string };

function fieldRefValue(pod: Pod, fieldPath: string): string | undefined {
  const status = (pod.status ?? {}) as Record<string, string | undefined>;
  const label = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(fieldPath);
  if (label) return pod.metadata[label[1] as 'labels' | 'annotations']?.[label[2]!];
  const fields: Record<string, string | undefined> = {
    'metadata.name': pod.metadata.name,
    'metadata.namespace': pod.metadata.namespace,
    'metadata.uid': pod.metadata.uid,
    'spec.nodeName': pod.spec.nodeName,
    'spec.serviceAccountName': pod.spec.serviceAccountName,
    'status.podIP': status.podIP,
    'status.hostIP': status.hostIP,
  };
  return fields[fieldPath];
}

export function resolveEnv(store: ObjectStore, pod: Pod, container: ContainerSpec): ResolvedEnv {
  const namespace = pod.metadata.namespace!;
  const env: Record<string, string> = { ...IMAGE_ENV, HOSTNAME: pod.metadata.name, ...KUBERNETES_SERVICE_ENV };
  for (const entry of container.env ?? []) {
    const from = entry.valueFrom;
    if (!from) {
      env[entry.name] = entry.value ?? '';
      continue;
    }
    if (from.secretKeyRef) {
      const ref = from.secretKeyRef;
      const secret = store.find('secrets', namespace, ref.name ?? '') as Secret | undefined;
      const encoded = secret?.data?.[ref.key];
      if (encoded === undefined) {
        if (ref.optional) continue;
        return { error: secret ? `couldn't find key ${ref.key} in Secret ${namespace}/${ref.name}` : `secret "${ref.name}" not found` };
      }
      env[entry.name] = Buffer.from(encoded, 'base64').toString('utf8');
    } else if (from.configMapKeyRef) {
      // The stand-in has no ConfigMaps: a reference can only be satisfied by being optional.
      if (from.configMapKeyRef.optional) continue;
      return { error: `configmap "${from.configMapKeyRef.name}" not found` };
    } else if (from.fieldRef) {
      const value = fieldRefValue(pod, from.fieldRef.fieldPath);
      if (value === undefined) return { error: `unsupported fieldPath: ${from.fieldRef.fieldPath}` };
      env[entry.name] = value;
    } else {
      return { error: 'resourceFieldRef is not supported by this stand-in' };
    }
  }
  return { env };
}

/**
 * Writable when the path is under a writable volume mount (the deepest mount wins; secret
 * and configMap volumes are always read-only), or under no mount on a writable root.
 */
export function writablePaths(pod: Pod, container: ContainerSpec): (path: string) => boolean {
  const volumes = new Map((pod.spec.volumes ?? []).map((v) => [v.name, v]));
  const mounts = [...(container.volumeMounts ?? [])].sort((a, b) => b.mountPath.length - a.mountPath.length);
  const rootReadOnly = container.securityContext?.readOnlyRootFilesystem === true;
  return (path) => {
    const mount = mounts.find((m) => path === m.mountPath || path.startsWith(`${m.mountPath.replace(/\/$/, '')}/`));
    if (!mount) return !rootReadOnly;
    const volume = volumes.get(mount.name) ?? {};
    const readOnlyKind = 'secret' in volume || 'configMap' in volume || 'downwardAPI' in volume || 'projected' in volume;
    return !mount.readOnly && !readOnlyKind;
  };
}
