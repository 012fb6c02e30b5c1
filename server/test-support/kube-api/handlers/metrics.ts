/**
 * metrics.k8s.io/v1beta1 PodMetrics, as metrics-server serves them: CPU in nanocores and
 * memory in KiB per running container. A pod that runs nothing has no metrics (404).
 * Unlike metrics-server, numbers exist from the moment a container runs, with no
 * scrape-interval delay.
 */
import { parseLabelSelector } from '../label-selector.js';
import { notFound } from '../status.js';
import { json, type ApiContext, type ApiRequest, type Reply } from './context.js';

function podMetrics(ctx: ApiContext, namespace: string, name: string) {
  const usage = ctx.kubelet.usage(namespace, name);
  const pod = ctx.store.find('pods', namespace, name);
  if (!usage || !pod) return null;
  return {
    kind: 'PodMetrics',
    apiVersion: 'metrics.k8s.io/v1beta1',
    metadata: { name, namespace, creationTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), labels: pod.metadata.labels ?? {} },
    timestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    window: '15.007s',
    containers: usage.map((c) => ({ name: c.name, usage: { cpu: `${Math.round(c.cpuNanoCores)}n`, memory: `${Math.round(c.memoryBytes / 1024)}Ki` } })),
  };
}

export function getPodMetrics(ctx: ApiContext, req: ApiRequest): Reply {
  const metrics = podMetrics(ctx, req.namespace, req.name!);
  if (!metrics) throw notFound('podmetrics', `${req.namespace}/${req.name}`, 'metrics.k8s.io');
  return json(200, metrics);
}

export function listPodMetrics(ctx: ApiContext, req: ApiRequest): Reply {
  const selector = parseLabelSelector(req.query.get('labelSelector'));
  const items = ctx.store
    .list('pods', req.namespace)
    .items.filter((p) => selector(p.metadata.labels))
    .map((p) => podMetrics(ctx, req.namespace, p.metadata.name))
    .filter((m) => m !== null);
  return json(200, { kind: 'PodMetricsList', apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items });
}
