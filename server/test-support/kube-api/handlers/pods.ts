/**
 * core/v1 pods: create (validation, defaults, ServiceAccount and Pod Security admission),
 * update (only what the real server lets change), and graceful deletion: the pod gets a
 * deletionTimestamp and the kubelet stops it and removes it; an unscheduled or finished pod,
 * or gracePeriodSeconds=0, is removed at once.
 */
import { decodeObject, parseFieldValidation } from '../object-validation.js';
import { defaultPod, validatePod, type Pod } from '../pod-validation.js';
import { podSecurityViolations, type PodSecurityLevel } from '../pod-security.js';
import { forbidden, invalid } from '../status.js';
import { checkPreconditions, deleteOptions, type ResourceMeta } from './collection.js';
import { json, type ApiContext, type ApiRequest, type Reply } from './context.js';

export const POD: ResourceMeta = { resource: 'pods', kind: 'Pod', listKind: 'PodList', apiVersion: 'v1' };

function admit(ctx: ApiContext, pod: Pod): void {
  const ns = ctx.namespaces.get(pod.metadata.namespace!)!;
  const account = pod.spec.serviceAccountName!;
  if (!ns.serviceAccounts.has(account)) {
    throw forbidden(`pods "${pod.metadata.name}" is forbidden: error looking up service account ${ns.name}/${account}: serviceaccount "${account}" not found`, 'pods', pod.metadata.name);
  }
  const level = ns.labels['pod-security.kubernetes.io/enforce'] as PodSecurityLevel | undefined;
  const violations = level ? podSecurityViolations(pod.spec, level) : [];
  if (violations.length > 0) {
    throw forbidden(`pods "${pod.metadata.name}" is forbidden: violates PodSecurity "${level}:latest": ${violations.join(', ')}`, 'pods', pod.metadata.name);
  }
}

export async function createPod(ctx: ApiContext, req: ApiRequest): Promise<Reply> {
  const { object, warnings } = await decodeObject(req.body, { ...POD, namespace: req.namespace }, parseFieldValidation(req.query.get('fieldValidation')));
  const pod = object as Pod;
  validatePod(pod);
  defaultPod(pod);
  admit(ctx, pod);
  delete pod.metadata.deletionTimestamp;
  return json(201, ctx.store.create('pods', pod), warnings);
}

/** JSON with sorted keys, so two specs compare equal whatever order their fields came in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const withoutImages = (pod: Pod) => canonical({ ...pod.spec, containers: pod.spec.containers.map((c) => ({ ...c, image: '' })) });

/** Pods are mostly immutable: metadata may change, and container images; the rest of the spec may not. */
export async function updatePod(ctx: ApiContext, req: ApiRequest): Promise<Reply> {
  const { object, warnings } = await decodeObject(req.body, { ...POD, namespace: req.namespace }, parseFieldValidation(req.query.get('fieldValidation')));
  const next = object as Pod;
  const current = ctx.store.get('pods', req.namespace, req.name!) as Pod;
  if (next.spec) {
    const candidate = structuredClone(next);
    defaultPod(candidate);
    candidate.spec.nodeName = current.spec.nodeName;
    if (withoutImages(candidate) !== withoutImages(current)) {
      throw invalid('Pod', req.name!, [{ reason: 'FieldValueForbidden', field: 'spec', message: 'Forbidden: pod updates may not change fields other than `spec.containers[*].image`, `spec.activeDeadlineSeconds` or `spec.tolerations`' }]);
    }
  }
  const { deletionTimestamp, deletionGracePeriodSeconds } = current.metadata;
  const updated: Pod = {
    ...current,
    metadata: { ...next.metadata, deletionTimestamp, deletionGracePeriodSeconds },
    spec: { ...current.spec, containers: current.spec.containers.map((c, i) => ({ ...c, image: next.spec?.containers?.[i]?.image ?? c.image })) },
  };
  const stored = ctx.store.update('pods', updated) as Pod;
  // A deleting pod that has stopped is removed once its last finalizer is.
  const phase = (stored.status as { phase?: string } | undefined)?.phase;
  const stopped = !stored.spec.nodeName || phase === 'Succeeded' || phase === 'Failed';
  if (deletionTimestamp && stopped && !stored.metadata.finalizers?.length) ctx.store.remove('pods', req.namespace, req.name!);
  return json(200, stored, warnings);
}

export function deletePod(ctx: ApiContext, req: ApiRequest): Reply {
  const pod = ctx.store.get('pods', req.namespace, req.name!) as Pod;
  const options = deleteOptions(req);
  checkPreconditions(POD, pod, options);
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  let grace = options.gracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
  // Nothing runs for an unscheduled or finished pod, so there is nothing to wait for.
  if (!pod.spec.nodeName || phase === 'Succeeded' || phase === 'Failed') grace = 0;

  if (grace === 0 && !pod.metadata.finalizers?.length) return json(200, ctx.store.remove('pods', req.namespace, req.name!));
  const current = pod.metadata.deletionGracePeriodSeconds;
  // A second deletion may shorten the grace period, never lengthen it.
  if (current !== undefined && grace >= current) return json(200, pod);
  pod.metadata.deletionTimestamp = new Date(Date.now() + grace * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  pod.metadata.deletionGracePeriodSeconds = grace;
  delete pod.metadata.resourceVersion;
  return json(200, ctx.store.update('pods', pod));
}
