/** HIVE_RUNTIME=kubernetes settings: parsed at boot with clear errors, and a kubeconfig file read the way kubectl reads it. */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { FIXTURE_IMAGE, startKubeApi, type KubeApi } from '../../../test-support/kube-api/index.js';
import { loadKubeConfig, openKubernetesDriver, parseKubernetesEnv } from '../kubernetes/config.js';
import { AGENTS_NAMESPACE, standInOptions } from './kubernetes-fixture.js';

describe('parseKubernetesEnv', () => {
  it('needs only the agent image; everything else has a default', () => {
    const config = parseKubernetesEnv({ HIVE_K8S_AGENT_IMAGE: 'ghcr.io/example/hive-agent:1.0.0' });
    expect(config).toMatchObject({
      namespace: 'hive-agents',
      image: 'ghcr.io/example/hive-agent:1.0.0',
      driver: {
        resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
        workspaceSizeLimit: '2Gi',
        startTimeoutMs: 120_000,
      },
    });
  });

  it('reads lists and overrides', () => {
    const config = parseKubernetesEnv({
      HIVE_K8S_AGENT_IMAGE: 'img',
      HIVE_K8S_NAMESPACE: 'agents-prod',
      HIVE_K8S_IMAGE_PULL_SECRETS: 'regcred, other',
      HIVE_K8S_AGENT_LIVENESS_COMMAND: '/usr/bin/node /app/healthcheck.mjs',
      HIVE_K8S_AGENT_MEMORY_LIMIT: '2Gi',
      HIVE_K8S_IMAGE_PULL_POLICY: 'IfNotPresent',
    });
    expect(config.namespace).toBe('agents-prod');
    expect(config.driver).toMatchObject({ imagePullSecrets: ['regcred', 'other'], livenessCommand: ['/usr/bin/node', '/app/healthcheck.mjs'], imagePullPolicy: 'IfNotPresent' });
  });

  it('names the variable that is wrong', () => {
    expect(() => parseKubernetesEnv({})).toThrow(/HIVE_K8S_AGENT_IMAGE/);
    expect(() => parseKubernetesEnv({ HIVE_K8S_AGENT_IMAGE: 'i', HIVE_K8S_NAMESPACE: 'Hive_Agents' })).toThrow(/HIVE_K8S_NAMESPACE/);
    expect(() => parseKubernetesEnv({ HIVE_K8S_AGENT_IMAGE: 'i', HIVE_K8S_AGENT_CPU_LIMIT: 'two cores' })).toThrow(/HIVE_K8S_AGENT_CPU_LIMIT: must be a Kubernetes quantity/);
    expect(() => parseKubernetesEnv({ HIVE_K8S_AGENT_IMAGE: 'i', HIVE_K8S_AGENT_MEMORY_REQUEST: '4Gi' })).toThrow(/HIVE_K8S_AGENT_MEMORY_REQUEST: must not exceed/);
    expect(() => parseKubernetesEnv({ HIVE_K8S_AGENT_IMAGE: 'i', HIVE_K8S_IMAGE_PULL_POLICY: 'Sometimes' })).toThrow(/HIVE_K8S_IMAGE_PULL_POLICY/);
  });
});

describe('kubeconfig', () => {
  let api: KubeApi | null = null;
  let dir: string | null = null;
  afterEach(async () => {
    await api?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    api = dir = null;
  });

  it('opens a working driver from a kubeconfig file (TLS verified against its CA, bearer token)', async () => {
    api = await startKubeApi(standInOptions());
    dir = await mkdtemp(join(tmpdir(), 'hive-kubeconfig-'));
    const path = join(dir, 'config');
    await writeFile(path, stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'stand-in', cluster: { server: api.url, 'certificate-authority-data': Buffer.from(api.ca).toString('base64') } }],
      users: [{ name: 'hub', user: { token: api.token } }],
      contexts: [{ name: 'other', context: { cluster: 'stand-in', user: 'hub' } }, { name: 'hive', context: { cluster: 'stand-in', user: 'hub', namespace: AGENTS_NAMESPACE } }],
      'current-context': 'other',
    }));
    const config = parseKubernetesEnv({ HIVE_K8S_AGENT_IMAGE: FIXTURE_IMAGE, HIVE_K8S_KUBECONFIG: path, HIVE_K8S_CONTEXT: 'hive' });
    expect(() => loadKubeConfig({ ...config, context: 'nope' })).toThrow(/HIVE_K8S_CONTEXT: no context named nope/);

    const driver = await openKubernetesDriver(config, { pollIntervalMs: 100, log: () => undefined });
    try {
      const agentId = randomUUID();
      await driver.spawn({ agentId, agentType: 'qa', sessionId: null, env: { HIVE_AGENT_TOKEN: 't', HIVE_HUB_URL: 'http://hub' } });
      expect(await driver.health()).toMatchObject({ status: 'ok', running: 1 });
      await driver.stop(agentId, 1000);
    } finally {
      await driver.close();
    }
  });
});
