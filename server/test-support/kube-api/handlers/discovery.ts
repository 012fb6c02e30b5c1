/** Discovery and namespace reads: /api, /apis, /version, /api/v1 and GET namespaces/{name}. */
import { notFound } from '../status.js';
import { json, type ApiContext, type Reply } from './context.js';

export function apiVersions(serverAddress: string): Reply {
  return json(200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] });
}

export function apiGroups(ctx: ApiContext): Reply {
  const groups = ctx.metrics
    ? [{ name: 'metrics.k8s.io', versions: [{ groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' }], preferredVersion: { groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' } }]
    : [];
  return json(200, { kind: 'APIGroupList', apiVersion: 'v1', groups });
}

export function version(): Reply {
  return json(200, { major: '1', minor: '33', gitVersion: 'v1.33.0-hive-stand-in', platform: 'linux/amd64' });
}

export function coreResources(): Reply {
  const resource = (name: string, kind: string, verbs: string[]) => ({ name, singularName: '', namespaced: true, kind, verbs });
  return json(200, {
    kind: 'APIResourceList',
    groupVersion: 'v1',
    resources: [
      resource('pods', 'Pod', ['create', 'delete', 'get', 'list', 'update', 'watch']),
      resource('pods/log', 'Pod', ['get']),
      resource('secrets', 'Secret', ['create', 'delete', 'get', 'list', 'update', 'watch']),
      { name: 'namespaces', singularName: '', namespaced: false, kind: 'Namespace', verbs: ['get'] },
    ],
  });
}

export function getNamespace(ctx: ApiContext, name: string): Reply {
  const ns = ctx.namespaces.get(name);
  if (!ns) throw notFound('namespaces', name);
  return json(200, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, uid: ns.uid, resourceVersion: '1', creationTimestamp: ns.creationTimestamp, labels: { 'kubernetes.io/metadata.name': name, ...ns.labels } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  });
}
