/**
 * Reads common to every resource: get, list (label and field selectors, limit/continue)
 * and watch, plus DeleteOptions and preconditions.
 */
import { parseLabelSelector } from '../label-selector.js';
import type { KubeObject } from '../object-store.js';
import { badRequest, conflict, notFound } from '../status.js';
import type { ApiContext, ApiRequest, Reply } from './context.js';
import { json } from './context.js';

export interface ResourceMeta {
  resource: string;
  kind: string;
  listKind: string;
  apiVersion: string;
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  propagationPolicy?: string;
}

/** Field selectors the real server supports for these resources (equality only). */
function parseFieldSelector(text: string | null): (o: KubeObject) => boolean {
  const requirements = (text ?? '').split(',').filter(Boolean).map((part) => {
    const m = /^([\w.]+)\s*(==|=|!=)\s*(.*)$/.exec(part.trim());
    if (!m || !['metadata.name', 'metadata.namespace', 'status.phase', 'spec.nodeName'].includes(m[1]!)) {
      throw badRequest(`field label not supported: ${part.split(/[=!]/)[0]}`);
    }
    return { path: m[1]!.split('.'), negate: m[2] === '!=', value: m[3]! };
  });
  return (o) =>
    requirements.every((r) => {
      const actual = r.path.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], o) ?? '';
      return (actual === r.value) !== r.negate;
    });
}

export function getObject(ctx: ApiContext, meta: ResourceMeta, req: ApiRequest): Reply {
  const object = ctx.store.find(meta.resource, req.namespace, req.name!);
  if (!object) throw notFound(meta.resource, req.name!);
  return json(200, object);
}

export function listOrWatch(ctx: ApiContext, meta: ResourceMeta, req: ApiRequest): Reply {
  const selector = parseLabelSelector(req.query.get('labelSelector'));
  const fields = parseFieldSelector(req.query.get('fieldSelector'));
  if (req.query.get('watch') === 'true' || req.query.get('watch') === '1') {
    if (req.query.get('fieldSelector')) throw badRequest('this stand-in does not support fieldSelector on watches');
    const timeout = req.query.get('timeoutSeconds');
    return {
      status: 200,
      stream: (res) =>
        ctx.watches.serve(res, {
          ...meta,
          namespace: req.namespace,
          selector,
          resourceVersion: req.query.get('resourceVersion'),
          allowBookmarks: req.query.get('allowWatchBookmarks') === 'true',
          timeoutSeconds: timeout ? Number(timeout) : null,
          bookmarkIntervalMs: ctx.bookmarkIntervalMs,
        }),
    };
  }
  const { items, revision } = ctx.store.list(meta.resource, req.namespace);
  const matching = items.filter((o) => selector(o.metadata.labels) && fields(o));
  // `continue` is an offset here; a real server also pins the list to one snapshot.
  const offset = Number(Buffer.from(req.query.get('continue') ?? '', 'base64url').toString() || '0');
  const limit = Number(req.query.get('limit') ?? '0');
  const page = limit > 0 ? matching.slice(offset, offset + limit) : matching.slice(offset);
  const more = limit > 0 && offset + limit < matching.length;
  // List items carry no apiVersion/kind on the wire; the list does.
  const stripped = page.map(({ apiVersion: _a, kind: _k, ...rest }) => rest);
  return json(200, {
    apiVersion: meta.apiVersion,
    kind: meta.listKind,
    metadata: { resourceVersion: String(revision), ...(more && { continue: Buffer.from(String(offset + limit)).toString('base64url'), remainingItemCount: matching.length - offset - limit }) },
    items: stripped,
  });
}

/** Query parameters first, then a DeleteOptions body, which wins where both are given. */
export function deleteOptions(req: ApiRequest): DeleteOptions {
  const options: DeleteOptions = {};
  const grace = req.query.get('gracePeriodSeconds');
  if (grace !== null) options.gracePeriodSeconds = Number(grace);
  const policy = req.query.get('propagationPolicy');
  if (policy) options.propagationPolicy = policy;
  if (req.body && typeof req.body === 'object') Object.assign(options, req.body);
  if (options.gracePeriodSeconds !== undefined && !(Number.isInteger(options.gracePeriodSeconds) && options.gracePeriodSeconds >= 0)) {
    throw badRequest(`invalid gracePeriodSeconds: ${options.gracePeriodSeconds}`);
  }
  if (options.propagationPolicy && !['Orphan', 'Background', 'Foreground'].includes(options.propagationPolicy)) {
    throw badRequest(`propagationPolicy: Unsupported value: "${options.propagationPolicy}"`);
  }
  return options;
}

export function checkPreconditions(meta: ResourceMeta, object: KubeObject, options: DeleteOptions): void {
  const { uid, resourceVersion } = options.preconditions ?? {};
  if (uid && uid !== object.metadata.uid) {
    throw conflict(meta.resource, object.metadata.name, `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${object.metadata.uid}`);
  }
  if (resourceVersion && resourceVersion !== object.metadata.resourceVersion) {
    throw conflict(meta.resource, object.metadata.name, `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${object.metadata.resourceVersion}`);
  }
}
