/**
 * A local stand-in for the Kubernetes API server (see README.md in this folder): HTTPS on
 * 127.0.0.1 with a self-signed certificate and bearer-token auth, core/v1 pods and secrets
 * with real API semantics, a simulated kubelet and garbage collector, pod logs and
 * metrics.k8s.io. `kubeConfig()` gives a @kubernetes/client-node KubeConfig pointing at it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { authenticate, authorize, type Identity, type PolicyRule } from './authorization.js';
import { idleProgram, type ContainerProgram } from './container-program.js';
import { GarbageCollector } from './garbage-collector.js';
import type { ApiContext, NamespaceInfo, Reply } from './handlers/context.js';
import { DEFAULT_KUBELET_TIMING, Kubelet, type KubeletTiming } from './kubelet.js';
import { ObjectStore, type KubeObject } from './object-store.js';
import { PodLogs } from './pod-logs.js';
import { route } from './router.js';
import { KubeApiError, unsupportedMediaType } from './status.js';
import { selfSignedCertificate } from './tls.js';
import { WatchStreams } from './watch-stream.js';

export type { ContainerContext, ContainerProcess, ContainerProgram } from './container-program.js';
export type { PolicyRule } from './authorization.js';
export { FIXTURE_IMAGE, fixtureWorkerProgram } from './fixture-worker-program.js';

export interface KubeApiOptions {
  namespaces?: { name: string; labels?: Record<string, string>; serviceAccounts?: string[] }[];
  /** RBAC for the client's token: Role rules per namespace. Default: cluster-admin. */
  roles?: { namespace: string; rules: PolicyRule[] }[];
  /** The program that plays each image's process; unknown images run idleProgram. */
  programs?: Record<string, ContainerProgram>;
  kubelet?: Partial<KubeletTiming>;
  /** Serve metrics.k8s.io (default true); false is a cluster without metrics-server. */
  metrics?: boolean;
  bookmarkIntervalMs?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
}

export interface KubeApi {
  url: string;
  token: string;
  /** PEM of the server's certificate, for clients to trust. */
  ca: string;
  username: string;
  kubelet: Kubelet;
  /** Every request served, in order (for asserting what a client did). */
  requests: RecordedRequest[];
  kubeConfig(namespace?: string): KubeConfig;
  pod(namespace: string, name: string): KubeObject | undefined;
  secret(namespace: string, name: string): KubeObject | undefined;
  /** End every open watch (an API server restart, a proxy timeout). */
  dropWatches(): void;
  /** Forget change history, so a watch resuming from an older resourceVersion gets 410 Expired. */
  compact(): void;
  /** Stops serving (safe twice); a client now sees connection refused. */
  close(): Promise<void>;
}

function namespaceInfo(spec: NonNullable<KubeApiOptions['namespaces']>[number]): NamespaceInfo {
  return {
    name: spec.name,
    uid: randomUUID(),
    labels: spec.labels ?? {},
    serviceAccounts: new Set(['default', ...(spec.serviceAccounts ?? [])]),
    creationTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  };
}

async function readBody(req: import('node:http').IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
  if (type && type !== 'application/json') throw unsupportedMediaType(type);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new KubeApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the request body is not valid JSON', reason: 'BadRequest', code: 400 });
  }
}

function send(res: import('node:http').ServerResponse, reply: Reply): void {
  if (reply.stream) return reply.stream(res);
  const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
  res.writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers });
  res.end(text);
}

export async function startKubeApi(options: KubeApiOptions = {}): Promise<KubeApi> {
  const store = new ObjectStore();
  const logs = new PodLogs();
  const programs = options.programs ?? {};
  const kubelet = new Kubelet(store, logs, (image) => programs[image] ?? idleProgram, { ...DEFAULT_KUBELET_TIMING, ...options.kubelet });
  const gc = new GarbageCollector(store);
  const watches = new WatchStreams(store);
  const namespaces = new Map((options.namespaces ?? [{ name: 'default' }]).map((ns) => [ns.name, namespaceInfo(ns)]));
  const ctx: ApiContext = { store, kubelet, logs, watches, namespaces, metrics: options.metrics ?? true, bookmarkIntervalMs: options.bookmarkIntervalMs ?? 1_000 };
  const identity: Identity = { token: randomBytes(24).toString('base64url'), username: 'system:serviceaccount:hive:hive-hub', roles: options.roles };
  const requests: RecordedRequest[] = [];
  const tls = selfSignedCertificate();
  let serverAddress = '127.0.0.1:0';

  const server: Server = createServer(tls, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const method = req.method ?? 'GET';
    const record = (status: number) => requests.push({ method, path: url.pathname, query: Object.fromEntries(url.searchParams), status });
    void (async () => {
      try {
        const caller = authenticate([identity], req.headers.authorization);
        const matched = route(ctx, method, url.pathname, url.searchParams, serverAddress);
        if (matched.attributes) authorize(caller, matched.attributes);
        const body = await readBody(req);
        const reply = await matched.handle({ method, namespace: matched.attributes?.namespace ?? '', name: matched.attributes?.name, query: url.searchParams, body });
        record(reply.status);
        send(res, reply);
      } catch (err) {
        const status = err instanceof KubeApiError ? err.status : new KubeApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: String(err), reason: 'InternalError', code: 500 }).status;
        if (!(err instanceof KubeApiError)) console.error('kube-api stand-in: handler failed', err);
        record(status.code);
        if (!res.headersSent) res.writeHead(status.code, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(status));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  serverAddress = `127.0.0.1:${port}`;
  const url = `https://127.0.0.1:${port}`;
  const ca = tls.cert.toString('utf8');

  return {
    url,
    token: identity.token,
    ca,
    username: identity.username,
    kubelet,
    requests,
    kubeConfig(namespace = 'default') {
      const kc = new KubeConfig();
      kc.loadFromOptions({
        clusters: [{ name: 'stand-in', server: url, caData: Buffer.from(ca).toString('base64') }],
        users: [{ name: 'hive-hub', token: identity.token }],
        contexts: [{ name: 'stand-in', cluster: 'stand-in', user: 'hive-hub', namespace }],
        currentContext: 'stand-in',
      });
      return kc;
    },
    pod: (namespace, name) => store.find('pods', namespace, name),
    secret: (namespace, name) => store.find('secrets', namespace, name),
    dropWatches: () => watches.dropAll(),
    compact: () => store.compact(),
    async close() {
      if (!server.listening) return;
      watches.dropAll();
      kubelet.close();
      gc.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
