/**
 * What the Kubernetes driver writes to the cluster and how it fails, beyond the conformance
 * suite: the pod and Secret it creates (labels, restricted security, the token only by
 * reference, the Secret owned by the pod), and clear errors for pods that cannot start.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURE_IMAGE, startKubeApi, type KubeApi } from '../../../test-support/kube-api/index.js';
import { KubernetesDriver } from '../kubernetes.js';
import type { AgentLaunchSpec } from '../port.js';
import { AGENTS_NAMESPACE, driverOptions, makeKubernetesFixture, standInOptions } from './kubernetes-fixture.js';

type Fixture = Awaited<ReturnType<typeof makeKubernetesFixture>>;
let fx: Fixture | null = null;
afterEach(async () => {
  await fx?.cleanup();
  fx = null;
});

function spec(env: Record<string, string> = {}): AgentLaunchSpec & { token: string } {
  const agentId = randomUUID();
  const token = `hive_agt_${randomUUID()}`;
  return {
    agentId,
    agentType: 'product_manager',
    sessionId: randomUUID(),
    token,
    env: { HIVE_HUB_URL: 'http://hive-hub.hive.svc:3000', HIVE_AGENT_ID: agentId, HIVE_AGENT_TOKEN: token, ANTHROPIC_API_KEY: 'sk-ant-test', ...env },
  };
}

interface StoredPod {
  metadata: { name: string; uid: string; labels: Record<string, string> };
  spec: {
    automountServiceAccountToken: boolean;
    enableServiceLinks: boolean;
    restartPolicy: string;
    securityContext: Record<string, unknown>;
    containers: { env: { name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; key: string } } }[]; securityContext: Record<string, unknown>; resources: unknown; volumeMounts: unknown[] }[];
    volumes: unknown[];
  };
}

describe('KubernetesDriver: what it creates', () => {
  it('labels the pod, runs it restricted, and passes credentials only by secretKeyRef', async () => {
    fx = await makeKubernetesFixture();
    const s = spec();
    const instance = await fx.driver.spawn(s);
    const pod = fx.api.pod(AGENTS_NAMESPACE, `hive-agent-${s.agentId}`) as unknown as StoredPod;
    expect(instance.ref).toBe(pod.metadata.uid);
    expect(pod.metadata.labels).toMatchObject({
      'app.kubernetes.io/name': 'hive-agent',
      'app.kubernetes.io/managed-by': 'hive',
      'hive.dev/agent-id': s.agentId,
      'hive.dev/agent-type': 'product_manager',
      'hive.dev/session': s.sessionId,
    });
    expect(pod.spec).toMatchObject({ restartPolicy: 'Never', automountServiceAccountToken: false, enableServiceLinks: false });
    expect(pod.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } });
    const [container] = pod.spec.containers;
    expect(container!.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(container!.resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } });
    expect(container!.volumeMounts).toEqual(expect.arrayContaining([{ name: 'workspace', mountPath: '/workspace' }, { name: 'tmp', mountPath: '/tmp' }]));

    // Nothing secret in the pod spec, which anyone allowed to `get pods` can read.
    const podJson = JSON.stringify(pod);
    expect(podJson).not.toContain(s.token);
    expect(podJson).not.toContain('sk-ant-test');
    const byName = Object.fromEntries(container!.env.map((e) => [e.name, e]));
    expect(byName.HIVE_AGENT_TOKEN).toEqual({ name: 'HIVE_AGENT_TOKEN', valueFrom: { secretKeyRef: { name: `hive-agent-${s.agentId}`, key: 'HIVE_AGENT_TOKEN' } } });
    expect(byName.ANTHROPIC_API_KEY?.valueFrom?.secretKeyRef.key).toBe('ANTHROPIC_API_KEY');
    expect(byName.HIVE_HUB_URL).toEqual({ name: 'HIVE_HUB_URL', value: 'http://hive-hub.hive.svc:3000' });
    expect(byName.HIVE_WORKSPACE).toEqual({ name: 'HIVE_WORKSPACE', value: '/workspace' });

    const secret = fx.api.secret(AGENTS_NAMESPACE, `hive-agent-${s.agentId}`) as unknown as { data: Record<string, string>; metadata: { ownerReferences: unknown[] } };
    expect(Buffer.from(secret.data.HIVE_AGENT_TOKEN!, 'base64').toString()).toBe(s.token);
    expect(Object.keys(secret.data).sort()).toEqual(['ANTHROPIC_API_KEY', 'HIVE_AGENT_TOKEN']);
    expect(secret.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name, uid: pod.metadata.uid, controller: true }]);
  });

  it('deletes the Secret when the worker stops, and when it crashes', async () => {
    fx = await makeKubernetesFixture();
    const stopped = spec();
    await fx.driver.spawn(stopped);
    await fx.driver.stop(stopped.agentId, 1000);
    expect(fx.api.secret(AGENTS_NAMESPACE, `hive-agent-${stopped.agentId}`)).toBeUndefined();

    const crashed = spec({ FIXTURE_CRASH_AFTER_MS: '100' });
    const exited = new Promise((resolve) => fx!.driver.onExit((info) => info.agentId === crashed.agentId && resolve(info)));
    await fx.driver.spawn(crashed);
    await exited;
    expect(fx.api.secret(AGENTS_NAMESPACE, `hive-agent-${crashed.agentId}`)).toBeUndefined();
    // The crashed pod stays (Failed) for kubectl logs/describe, until the agent starts again.
    expect(fx.api.pod(AGENTS_NAMESPACE, `hive-agent-${crashed.agentId}`)).toMatchObject({ status: { phase: 'Failed' } });
  });

  it('refuses agent ids that cannot name a pod', async () => {
    fx = await makeKubernetesFixture();
    await expect(fx.driver.spawn({ ...spec(), agentId: 'Agent_One' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(fx.driver.spawn({ ...spec(), agentId: 'a'.repeat(64) })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('uses the image, pull policy, service account and resources it is given', async () => {
    fx = await makeKubernetesFixture({
      api: { namespaces: [{ name: AGENTS_NAMESPACE, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' }, serviceAccounts: ['hive-agent'] }] },
      driver: { imagePullPolicy: 'IfNotPresent', serviceAccountName: 'hive-agent', resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } } },
    });
    const s = spec();
    await fx.driver.spawn(s);
    const pod = fx.api.pod(AGENTS_NAMESPACE, `hive-agent-${s.agentId}`) as unknown as { spec: { serviceAccountName: string; containers: { image: string; imagePullPolicy: string; resources: unknown }[] }; status: { qosClass: string } };
    expect(pod.spec.serviceAccountName).toBe('hive-agent');
    expect(pod.spec.containers[0]).toMatchObject({ image: FIXTURE_IMAGE, imagePullPolicy: 'IfNotPresent', resources: { limits: { cpu: '500m', memory: '512Mi' } } });
    expect(pod.status.qosClass).toBe('Burstable');
  });
});

describe('KubernetesDriver: pods that cannot start', () => {
  it('fails fast on an image that cannot be pulled, and leaves nothing behind', async () => {
    fx = await makeKubernetesFixture();
    fx.api.kubelet.failImagePull(FIXTURE_IMAGE);
    const s = spec();
    await expect(fx.driver.spawn(s)).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('ImagePullBackOff') });
    expect(fx.api.pod(AGENTS_NAMESPACE, `hive-agent-${s.agentId}`)).toBeUndefined();
    expect(fx.api.secret(AGENTS_NAMESPACE, `hive-agent-${s.agentId}`)).toBeUndefined();
    expect(await fx.driver.list()).toEqual([]);

    fx.api.kubelet.failImagePull(FIXTURE_IMAGE, null);
    await expect(fx.driver.spawn(s)).resolves.toMatchObject({ agentId: s.agentId, state: 'running' });
  });

  it('gives up after startTimeoutMs on a pod that stays Pending, saying why', async () => {
    fx = await makeKubernetesFixture({ api: { kubelet: { scheduleDelayMs: 60_000 } }, driver: { startTimeoutMs: 700 } });
    const s = spec();
    await expect(fx.driver.spawn(s)).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/timed out .* pod hive-agent-.* to start \(phase Pending\)/) });
    expect(fx.api.pod(AGENTS_NAMESPACE, `hive-agent-${s.agentId}`)).toBeUndefined();
  });

  it('reports the API server refusing the pod (here: admission of a missing service account) as UNAVAILABLE with its reason', async () => {
    fx = await makeKubernetesFixture({ driver: { serviceAccountName: 'no-such-account' } });
    await expect(fx.driver.spawn(spec())).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('serviceaccount "no-such-account" not found') });
  });

  it('refuses to start an agent whose pod another hub is running', async () => {
    fx = await makeKubernetesFixture();
    const s = spec();
    const other = await KubernetesDriver.open(driverOptions(fx.api));
    try {
      await other.spawn(s);
      await expect(fx.driver.spawn(s)).rejects.toMatchObject({ code: 'CONFLICT' });
    } finally {
      await other.close();
    }
  });

  it('does not open when its RBAC does not allow listing pods, and says so', async () => {
    const api: KubeApi = await startKubeApi(standInOptions({ roles: [{ namespace: AGENTS_NAMESPACE, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'create'] }] }] }));
    try {
      await expect(KubernetesDriver.open(driverOptions(api))).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('cannot list resource "pods"') });
    } finally {
      await api.close();
    }
  });
});
