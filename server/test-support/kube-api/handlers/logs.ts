/**
 * GET pods/{name}/log: `container` (required when the pod has several), `tailLines`,
 * `sinceSeconds` / `sinceTime`, `timestamps`, `limitBytes`, `previous`, and `follow`, which
 * streams new lines until the container exits. Errors read like the kubelet's.
 */
import type { ServerResponse } from 'node:http';
import { toNanos, type LogLine } from '../pod-logs.js';
import type { ContainerStatus } from '../pod-status.js';
import type { Pod } from '../pod-validation.js';
import { badRequest } from '../status.js';
import type { ApiContext, ApiRequest, Reply } from './context.js';

/** The earliest line time wanted, in nanoseconds; lines at exactly that time are included. */
function since(req: ApiRequest): bigint | null {
  const seconds = req.query.get('sinceSeconds');
  const time = req.query.get('sinceTime');
  if (seconds && time) throw badRequest('at most one of sinceTime or sinceSeconds may be specified');
  if (seconds) return BigInt(Date.now() - Number(seconds) * 1000) * 1_000_000n;
  if (time) {
    const nanos = toNanos(time);
    if (nanos === null) throw badRequest(`sinceTime: invalid time ${JSON.stringify(time)}`);
    return nanos;
  }
  return null;
}

export function readLog(ctx: ApiContext, req: ApiRequest): Reply {
  const pod = ctx.store.get('pods', req.namespace, req.name!) as Pod;
  const names = pod.spec.containers.map((c) => c.name);
  const container = req.query.get('container') ?? (names.length === 1 ? names[0]! : null);
  if (!container) throw badRequest(`a container name must be specified for pod ${pod.metadata.name}, choose one of: [${names.join(' ')}]`);
  if (!names.includes(container)) throw badRequest(`container ${container} is not valid for pod ${pod.metadata.name}`);
  const previous = req.query.get('previous') === 'true';
  const log = ctx.logs.get(pod.metadata.uid!, container, previous);
  if (!log) {
    if (previous) throw badRequest(`previous terminated container "${container}" in pod "${pod.metadata.name}" not found`);
    const statuses = ((pod.status as { containerStatuses?: ContainerStatus[] } | undefined)?.containerStatuses ?? []);
    const state = statuses.find((s) => s.name === container)?.state;
    const reason = state && 'waiting' in state ? state.waiting.reason : 'ContainerCreating';
    throw badRequest(`container "${container}" in pod "${pod.metadata.name}" is waiting to start: ${reason}`);
  }

  const from = since(req);
  const tail = req.query.get('tailLines');
  let lines = from !== null ? log.lines.filter((l) => toNanos(l.time)! >= from) : [...log.lines];
  if (tail !== null) lines = Number(tail) > 0 ? lines.slice(-Number(tail)) : [];
  const stamp = req.query.get('timestamps') === 'true';
  const format = (l: LogLine) => `${stamp ? `${l.time} ` : ''}${l.text}\n`;
  const limit = Number(req.query.get('limitBytes') ?? '0');
  const text = lines.map(format).join('');
  const headers = { 'Content-Type': 'text/plain' };

  if (req.query.get('follow') !== 'true') return { status: 200, body: limit > 0 ? text.slice(0, limit) : text, headers };
  return {
    status: 200,
    headers,
    stream: (res: ServerResponse) => {
      res.writeHead(200, { ...headers, 'Transfer-Encoding': 'chunked' });
      // Headers go out now: a client waits for them before it reads any event.
      res.flushHeaders();
      res.write(text);
      if (log.ended) return void res.end();
      const stop = log.follow((line) => (line ? res.write(format(line)) : res.end()));
      res.on('close', stop);
    },
  };
}
