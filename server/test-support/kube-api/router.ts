/**
 * Maps a request to its handler and the RBAC attributes it needs. Paths follow the real
 * API: /api/v1/namespaces/{ns}/{resource}[/{name}[/{subresource}]] and
 * /apis/metrics.k8s.io/v1beta1/namespaces/{ns}/pods[/{name}].
 */
import type { ResourceAttributes } from './authorization.js';
import { getObject, listOrWatch } from './handlers/collection.js';
import type { ApiContext, ApiRequest, Reply } from './handlers/context.js';
import { apiGroups, apiVersions, coreResources, getNamespace, version } from './handlers/discovery.js';
import { readLog } from './handlers/logs.js';
import { getPodMetrics, listPodMetrics } from './handlers/metrics.js';
import { createPod, deletePod, POD, updatePod } from './handlers/pods.js';
import { createSecret, deleteSecret, SECRET, updateSecret } from './handlers/secrets.js';
import { methodNotAllowed, notFound, resourceNotFound } from './status.js';

export interface Route {
  /** RBAC attributes; null for discovery, which every authenticated user may read. */
  attributes: ResourceAttributes | null;
  handle(req: ApiRequest): Reply | Promise<Reply>;
}

const VERB_OF_METHOD: Record<string, string> = { POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };

function verbFor(method: string, named: boolean, query: URLSearchParams): string {
  if (method === 'GET') return named ? 'get' : query.get('watch') === 'true' ? 'watch' : 'list';
  return VERB_OF_METHOD[method] ?? method.toLowerCase();
}

const RESOURCES = {
  pods: { meta: POD, create: createPod, update: updatePod, remove: deletePod },
  secrets: { meta: SECRET, create: createSecret, update: updateSecret, remove: deleteSecret },
} as const;

export function route(ctx: ApiContext, method: string, path: string, query: URLSearchParams, serverAddress: string): Route {
  const discovery = (reply: () => Reply): Route => ({ attributes: null, handle: () => (method === 'GET' ? reply() : Promise.reject(methodNotAllowed(method))) });
  if (path === '/api') return discovery(() => apiVersions(serverAddress));
  if (path === '/apis') return discovery(() => apiGroups(ctx));
  if (path === '/version') return discovery(version);
  if (path === '/api/v1') return discovery(coreResources);

  let m = /^\/api\/v1\/namespaces\/([^/]+)$/.exec(path);
  if (m) {
    const name = decodeURIComponent(m[1]!);
    return { attributes: { verb: verbFor(method, true, query), group: '', resource: 'namespaces', namespace: '', name }, handle: () => getNamespace(ctx, name) };
  }

  m = /^\/api\/v1\/namespaces\/([^/]+)\/(pods|secrets)(?:\/([^/]+))?(?:\/(log))?$/.exec(path);
  if (m) {
    const resource = m[2] as 'pods' | 'secrets';
    const [rawName, sub] = [m[3], m[4]];
    const namespace = decodeURIComponent(m[1]!);
    const name = rawName && decodeURIComponent(rawName);
    const type = RESOURCES[resource];
    const attributes = { verb: verbFor(method, !!name, query), group: '', resource: sub ? `${resource}/${sub}` : resource, namespace, ...(name && { name }) };
    const handle = (req: ApiRequest): Reply | Promise<Reply> => {
      if (!ctx.namespaces.has(namespace)) throw notFound('namespaces', namespace);
      if (sub) {
        if (method !== 'GET' || resource !== 'pods') throw methodNotAllowed(method);
        return readLog(ctx, req);
      }
      if (!name) {
        if (method === 'GET') return listOrWatch(ctx, type.meta, req);
        if (method === 'POST') return type.create(ctx, req);
        throw methodNotAllowed(method);
      }
      if (method === 'GET') return getObject(ctx, type.meta, req);
      if (method === 'PUT') return type.update(ctx, req);
      if (method === 'DELETE') return type.remove(ctx, req);
      // Patch is not implemented by this stand-in (the driver does not use it).
      throw methodNotAllowed(method);
    };
    return { attributes, handle };
  }

  m = /^\/apis\/metrics\.k8s\.io\/v1beta1\/namespaces\/([^/]+)\/pods(?:\/([^/]+))?$/.exec(path);
  if (m && ctx.metrics) {
    const namespace = decodeURIComponent(m[1]!);
    const name = m[2] && decodeURIComponent(m[2]);
    return {
      attributes: { verb: verbFor(method, !!name, query), group: 'metrics.k8s.io', resource: 'pods', namespace, ...(name && { name }) },
      handle: (req) => {
        if (method !== 'GET') throw methodNotAllowed(method);
        return name ? getPodMetrics(ctx, req) : listPodMetrics(ctx, req);
      },
    };
  }
  return { attributes: null, handle: () => Promise.reject(resourceNotFound()) };
}
