/**
 * The stand-in Kubernetes API server (server/test-support/kube-api) behaves like a real one
 * where the driver relies on it: Status objects and codes, validation and admission,
 * graceful deletion, watches, logs, RBAC and the garbage collector. These tests use
 * @kubernetes/client-node directly, so they check the wire protocol a real client sees.
 */
import { request } from 'node:https';
import { CoreV1Api, Watch, type V1Pod } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURE_IMAGE, fixtureWorkerProgram, startKubeApi, type KubeApi } from '../../../test-support/kube-api/index.js';
import { hubRoleRules } from './kubernetes-fixture.js';

const NS = 'team';
let api: KubeApi;
let core: CoreV1Api;

const RESTRICTED = { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } };
function pod(name: string, extra: Partial<V1Pod['spec']> = {}, env: Record<string, string> = {}): V1Pod {
  return {
    metadata: { name, labels: { app: 'demo', tier: name.startsWith('a') ? 'front' : 'back' } },
    spec: {
      restartPolicy: 'Never',
      containers: [{ name: 'main', image: FIXTURE_IMAGE, securityContext: RESTRICTED, env: Object.entries(env).map(([k, v]) => ({ name: k, value: v })) }],
      ...extra,
    },
  };
}

/** The Status body of a failed call (client-node gives none for a 401). */
async function failure(call: Promise<unknown>): Promise<{ code: number; reason: string; message: string; details?: { causes?: { field: string }[] } }> {
  try {
    await call;
  } catch (err) {
    const e = err as { code: number; body?: string };
    return { ...(e.body ? (JSON.parse(e.body) as object) : {}), code: e.code } as never;
  }
  throw new Error('expected the call to fail');
}

/**
 * A request on the wire, for what client-node cannot send: its serializer drops unknown
 * fields, and its readNamespacedPodLog has no sinceTime.
 */
function raw(method: string, path: string, body?: unknown): Promise<{ status: number; warning: string | undefined; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(api.url + path), { method, ca: api.ca, headers: { Authorization: `Bearer ${api.token}`, 'Content-Type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, warning: res.headers.warning as string | undefined, text }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

async function until<T>(probe: () => T | undefined | Promise<T | undefined>, ms = 5_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeEach(async () => {
  api = await startKubeApi({
    namespaces: [{ name: NS, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } }],
    programs: { [FIXTURE_IMAGE]: fixtureWorkerProgram },
  });
  core = api.kubeConfig(NS).makeApiClient(CoreV1Api);
});
afterEach(async () => api.close());

describe('kube-api stand-in: objects and errors', () => {
  it('creates with 201, refuses a duplicate with 409 AlreadyExists, answers 404 NotFound', async () => {
    await core.createNamespacedPod({ namespace: NS, body: pod('a1') });
    expect(api.requests.at(-1)).toMatchObject({ method: 'POST', status: 201 });
    expect(await failure(core.createNamespacedPod({ namespace: NS, body: pod('a1') }))).toMatchObject({ code: 409, reason: 'AlreadyExists', message: 'pods "a1" already exists' });
    expect(await failure(core.readNamespacedPod({ namespace: NS, name: 'nope' }))).toMatchObject({ code: 404, reason: 'NotFound', message: 'pods "nope" not found' });
    expect(await failure(core.createNamespacedPod({ namespace: 'missing', body: pod('a2') }))).toMatchObject({ code: 404, message: 'namespaces "missing" not found' });
  });

  it('refuses what a real API server refuses', async () => {
    expect(await failure(core.createNamespacedPod({ namespace: NS, body: { metadata: { name: 'x' }, spec: { containers: [] } } }))).toMatchObject({
      code: 422, reason: 'Invalid', message: 'Pod "x" is invalid: spec.containers: Required value',
    });
    const badName = await failure(core.createNamespacedPod({ namespace: NS, body: pod('Bad_Name') }));
    expect(badName).toMatchObject({ code: 422, details: { causes: [expect.objectContaining({ field: 'metadata.name' })] } });
    const badLimits = pod('a3');
    badLimits.spec!.containers[0]!.resources = { requests: { memory: '2Gi' }, limits: { memory: '1Gi' } };
    expect((await failure(core.createNamespacedPod({ namespace: NS, body: badLimits }))).message).toContain('must be less than or equal to memory limit of 1Gi');
    const badMount = pod('a4');
    badMount.spec!.containers[0]!.volumeMounts = [{ name: 'ghost', mountPath: '/x' }];
    expect((await failure(core.createNamespacedPod({ namespace: NS, body: badMount }))).message).toContain('volumeMounts[0].name: Not found: "ghost"');
    const privileged = pod('a5');
    privileged.spec!.containers[0]!.securityContext = { privileged: true };
    expect(await failure(core.createNamespacedPod({ namespace: NS, body: privileged }))).toMatchObject({ code: 403, message: expect.stringContaining('violates PodSecurity "restricted:latest"') });
    expect(await failure(core.createNamespacedPod({ namespace: NS, body: pod('a6', { serviceAccountName: 'ghost' }) }))).toMatchObject({ code: 403, message: expect.stringContaining('serviceaccount "ghost" not found') });
    expect(await failure(core.createNamespacedSecret({ namespace: NS, body: { metadata: { name: 's' }, data: { k: 'not base64!' } } }))).toMatchObject({ code: 400 });
  });

  it('drops unknown fields with a warning, or refuses them under fieldValidation=Strict', async () => {
    const typo = { apiVersion: 'v1', kind: 'Pod', ...pod('a7') } as unknown as { metadata: { name: string }; spec: { containers: Record<string, unknown>[] } };
    typo.spec.containers[0]!.imagePullPolicyy = 'Always';
    const warned = await raw('POST', `/api/v1/namespaces/${NS}/pods`, typo);
    expect(warned).toMatchObject({ status: 201, warning: '299 - "unknown field \\"spec.containers[0].imagePullPolicyy\\""' });
    expect(JSON.stringify(api.pod(NS, 'a7'))).not.toContain('imagePullPolicyy');
    typo.metadata.name = 'a8';
    const strict = await raw('POST', `/api/v1/namespaces/${NS}/pods?fieldValidation=Strict`, typo);
    expect(strict.status).toBe(400);
    expect(JSON.parse(strict.text)).toMatchObject({ reason: 'BadRequest', message: 'strict decoding error: unknown field "spec.containers[0].imagePullPolicyy"' });
  });

  it('lists by label selector, equality and set-based', async () => {
    for (const name of ['a1', 'b1', 'b2']) await core.createNamespacedPod({ namespace: NS, body: pod(name) });
    const names = async (labelSelector: string) => (await core.listNamespacedPod({ namespace: NS, labelSelector })).items.map((p) => p.metadata!.name);
    expect(await names('tier=back')).toEqual(['b1', 'b2']);
    expect(await names('tier!=back')).toEqual(['a1']);
    expect(await names('tier in (front,back),app')).toEqual(['a1', 'b1', 'b2']);
    expect(await names('!app')).toEqual([]);
    const page = await core.listNamespacedPod({ namespace: NS, limit: 2 });
    expect(page.items).toHaveLength(2);
    expect((await core.listNamespacedPod({ namespace: NS, limit: 2, _continue: page.metadata!._continue })).items.map((p) => p.metadata!.name)).toEqual(['b2']);
  });
});

describe('kube-api stand-in: pod lifecycle', () => {
  it('keeps a pod Pending with CreateContainerConfigError until the Secret it references exists', async () => {
    const body = pod('a1');
    body.spec!.containers[0]!.env = [{ name: 'HIVE_AGENT_TOKEN', valueFrom: { secretKeyRef: { name: 'creds', key: 'token' } } }];
    await core.createNamespacedPod({ namespace: NS, body });
    const waiting = await until(async () => {
      const state = (await core.readNamespacedPod({ namespace: NS, name: 'a1' })).status?.containerStatuses?.[0]?.state?.waiting;
      return state?.reason === 'CreateContainerConfigError' ? state : undefined;
    });
    expect(waiting.message).toBe('secret "creds" not found');
    await core.createNamespacedSecret({ namespace: NS, body: { metadata: { name: 'creds' }, stringData: { token: 'abc' } } });
    await until(async () => ((await core.readNamespacedPod({ namespace: NS, name: 'a1' })).status?.phase === 'Running' ? true : undefined));
    expect(await core.readNamespacedPodLog({ namespace: NS, name: 'a1' })).toContain('token=present length=3');
  });

  it('deletes gracefully: Terminating, SIGTERM, then gone; a container ignoring SIGTERM is killed with 137 after the grace period', async () => {
    await core.createNamespacedPod({ namespace: NS, body: pod('a1', {}, { FIXTURE_IGNORE_SIGTERM: '1' }) });
    await until(async () => ((await core.readNamespacedPod({ namespace: NS, name: 'a1' })).status?.phase === 'Running' ? true : undefined));
    const started = Date.now();
    const deleting = await core.deleteNamespacedPod({ namespace: NS, name: 'a1', gracePeriodSeconds: 1 });
    expect(deleting.metadata?.deletionTimestamp).toBeTruthy();
    expect(deleting.metadata?.deletionGracePeriodSeconds).toBe(1);
    const events: [string, V1Pod][] = [];
    const controller = await new Watch(api.kubeConfig(NS)).watch(`/api/v1/namespaces/${NS}/pods`, { resourceVersion: deleting.metadata!.resourceVersion }, (type, obj: V1Pod) => events.push([type, obj]), () => undefined);
    const deleted = await until(() => events.find(([type]) => type === 'DELETED')?.[1]);
    controller.abort();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(deleted.status?.phase).toBe('Failed');
    expect(deleted.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
    expect(await failure(core.readNamespacedPod({ namespace: NS, name: 'a1' }))).toMatchObject({ code: 404 });
  });

  it('deletes a finished pod at once, and enforces delete preconditions', async () => {
    await core.createNamespacedPod({ namespace: NS, body: pod('a1', {}, { FIXTURE_CRASH_AFTER_MS: '10' }) });
    const failed = await until(async () => {
      const p = await core.readNamespacedPod({ namespace: NS, name: 'a1' });
      return p.status?.phase === 'Failed' ? p : undefined;
    });
    expect(failed.status?.containerStatuses?.[0]?.state?.terminated?.exitCode).toBe(3);
    expect(await failure(core.deleteNamespacedPod({ namespace: NS, name: 'a1', body: { preconditions: { uid: 'someone-else' } } }))).toMatchObject({ code: 409, reason: 'Conflict' });
    await core.deleteNamespacedPod({ namespace: NS, name: 'a1', gracePeriodSeconds: 30 });
    expect(api.pod(NS, 'a1')).toBeUndefined();
  });

  it('restarts a crashed container under restartPolicy OnFailure, counting restarts and keeping the previous log', async () => {
    await core.createNamespacedPod({ namespace: NS, body: pod('a1', { restartPolicy: 'OnFailure' }, { FIXTURE_CRASH_AFTER_MS: '30' }) });
    const restarted = await until(async () => {
      const status = (await core.readNamespacedPod({ namespace: NS, name: 'a1' })).status?.containerStatuses?.[0];
      return (status?.restartCount ?? 0) >= 1 ? status : undefined;
    });
    expect(restarted.lastState?.terminated?.exitCode).toBe(3);
    expect(await core.readNamespacedPodLog({ namespace: NS, name: 'a1', previous: true })).toContain('crashing with code 3');
  });

  it('serves logs with tailLines, timestamps and sinceTime', async () => {
    await core.createNamespacedPod({ namespace: NS, body: pod('a1', {}, { FIXTURE_LOG_LINES: '5' }) });
    await until(async () => ((await core.readNamespacedPod({ namespace: NS, name: 'a1' })).status?.phase === 'Running' ? true : undefined));
    expect(await core.readNamespacedPodLog({ namespace: NS, name: 'a1', tailLines: 2 })).toBe('line 5\nready\n');
    const stamped = (await core.readNamespacedPodLog({ namespace: NS, name: 'a1', timestamps: true })).trim().split('\n');
    expect(stamped.at(-1)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z ready$/);
    api.kubelet.writeLog(NS, 'a1', 'later');
    const since = stamped.at(-1)!.split(' ')[0]!;
    expect((await raw('GET', `/api/v1/namespaces/${NS}/pods/a1/log?sinceTime=${encodeURIComponent(since)}`)).text).toBe('ready\nlater\n');
    expect(await failure(core.readNamespacedPodLog({ namespace: NS, name: 'a1', container: 'other' }))).toMatchObject({ code: 400 });
  });
});

describe('kube-api stand-in: watch, RBAC, garbage collection', () => {
  it('streams ADDED/MODIFIED/DELETED in resourceVersion order, resumes from a version, and answers 410 once it is compacted', async () => {
    const created = await core.createNamespacedPod({ namespace: NS, body: pod('a1') });
    const from = created.metadata!.resourceVersion!;
    await core.deleteNamespacedPod({ namespace: NS, name: 'a1', gracePeriodSeconds: 1 });
    await until(() => (api.pod(NS, 'a1') ? undefined : true));
    const events: { type: string; rv: number }[] = [];
    const controller = await new Watch(api.kubeConfig(NS)).watch(`/api/v1/namespaces/${NS}/pods`, { resourceVersion: '1' }, (type, obj: V1Pod) => events.push({ type, rv: Number(obj.metadata?.resourceVersion) }), () => undefined);
    await until(() => (events.some((e) => e.type === 'DELETED') ? true : undefined));
    controller.abort();
    expect(events[0]!.type).toBe('ADDED');
    expect(events.map((e) => e.rv)).toEqual([...events.map((e) => e.rv)].sort((a, b) => a - b));
    expect(events.slice(1, -1).every((e) => e.type === 'MODIFIED')).toBe(true);

    api.compact();
    let error: { type: string; code?: number } | null = null;
    await new Watch(api.kubeConfig(NS)).watch(`/api/v1/namespaces/${NS}/pods`, { resourceVersion: from }, (type, obj: { code?: number }) => (error = { type, code: obj.code }), () => undefined);
    await until(() => error ?? undefined);
    expect(error).toEqual({ type: 'ERROR', code: 410 });
  });

  it('turns a change that leaves a watched selection into DELETED', async () => {
    await core.createNamespacedSecret({ namespace: NS, body: { metadata: { name: 's', labels: { keep: 'yes' } }, stringData: { a: 'b' } } });
    const events: string[] = [];
    const controller = await new Watch(api.kubeConfig(NS)).watch(`/api/v1/namespaces/${NS}/secrets`, { labelSelector: 'keep=yes' }, (type) => events.push(type), () => undefined);
    const secret = await core.readNamespacedSecret({ namespace: NS, name: 's' });
    await core.replaceNamespacedSecret({ namespace: NS, name: 's', body: { ...secret, metadata: { ...secret.metadata, labels: { keep: 'no' } } } });
    await until(() => (events.length >= 2 ? true : undefined));
    controller.abort();
    expect(events).toEqual(['ADDED', 'DELETED']);
    expect(await failure(core.replaceNamespacedSecret({ namespace: NS, name: 's', body: secret }))).toMatchObject({ code: 409, reason: 'Conflict' });
  });

  it('enforces the RBAC rules it is given, with the real Forbidden message', async () => {
    const limited = await startKubeApi({ namespaces: [{ name: NS }], roles: [{ namespace: NS, rules: hubRoleRules() }] });
    try {
      const client = limited.kubeConfig(NS).makeApiClient(CoreV1Api);
      await client.listNamespacedPod({ namespace: NS });
      expect(await failure(client.listNamespacedConfigMap({ namespace: NS }))).toMatchObject({ code: 404 });
      expect(await failure(client.listNamespacedSecret({ namespace: NS }))).toMatchObject({
        code: 403, message: `secrets is forbidden: User "${limited.username}" cannot list resource "secrets" in API group "" in the namespace "${NS}"`,
      });
      expect(await failure(client.readNamespace({ name: NS }))).toMatchObject({ code: 403 });
    } finally {
      await limited.close();
    }
  });

  it('garbage-collects a Secret whose owner pod is gone, but not one owned by a newer pod of the same name', async () => {
    const owner = await core.createNamespacedPod({ namespace: NS, body: pod('a1') });
    const ownerRef = { apiVersion: 'v1', kind: 'Pod', name: 'a1', uid: owner.metadata!.uid! };
    await core.createNamespacedSecret({ namespace: NS, body: { metadata: { name: 'owned', ownerReferences: [ownerRef] }, stringData: { a: 'b' } } });
    await core.createNamespacedSecret({ namespace: NS, body: { metadata: { name: 'dangling', ownerReferences: [{ ...ownerRef, uid: 'gone' }] }, stringData: { a: 'b' } } });
    await until(() => (api.secret(NS, 'dangling') ? undefined : true));
    expect(api.secret(NS, 'owned')).toBeDefined();
    await core.deleteNamespacedPod({ namespace: NS, name: 'a1', gracePeriodSeconds: 0 });
    await until(() => (api.secret(NS, 'owned') ? undefined : true));
  });

  it('requires a valid bearer token', async () => {
    const kc = api.kubeConfig(NS);
    kc.users[0] = { ...kc.users[0]!, token: 'wrong' };
    expect(await failure(kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace: NS }))).toMatchObject({ code: 401 });
  });
});
