/**
 * The driver a registered runtime target gets: a Kubernetes context of a kubeconfig file
 * (against the local stand-in of the Kubernetes API) and a Docker host (the real Engine),
 * each with its own state directory; and the refusals for an unknown context or a host
 * that does not answer.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeApi, type KubeApi } from '../../../test-support/kube-api/index.js';
import { DOCKER_SOCKET } from '../../../test-support/services.js';
import { parseDockerRuntimeEnv } from '../docker/config.js';
import type { KubernetesRuntimeConfig } from '../kubernetes/config.js';
import { createTargetConnector } from '../target-drivers.js';
import { dockerAvailable } from './docker-fixture.js';
import { AGENTS_NAMESPACE, standInOptions } from './kubernetes-fixture.js';

const dockerUp = await dockerAvailable();

describe('drivers of registered targets', () => {
  let api: KubeApi;
  let dir: string;
  let connect: ReturnType<typeof createTargetConnector>;
  beforeAll(async () => {
    api = await startKubeApi(standInOptions());
    dir = await mkdtemp(join(tmpdir(), 'hive-targets-'));
    const kc = api.kubeConfig(AGENTS_NAMESPACE);
    const kubeconfigPath = join(dir, 'kubeconfig.json');
    await writeFile(kubeconfigPath, kc.exportConfig());
    const kubernetes: KubernetesRuntimeConfig = {
      namespace: AGENTS_NAMESPACE,
      image: 'hive-agent-fixture:dev',
      kubeconfigPath,
      driver: { startTimeoutMs: 10_000 },
    };
    connect = createTargetConnector({
      dataDir: dir,
      docker: { ...parseDockerRuntimeEnv({}).driver, scope: `targets-${crypto.randomUUID().slice(0, 8)}` },
      kubernetes: () => kubernetes,
      log: () => undefined,
    });
    expect(kc.getCurrentContext()).not.toBe('');
  });
  afterAll(async () => {
    await api?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('opens a Kubernetes context of the kubeconfig, and refuses one it does not have', async () => {
    const context = api.kubeConfig(AGENTS_NAMESPACE).getCurrentContext();
    const driver = await connect({ id: 'kubernetes-stand-in', kind: 'kubernetes', address: context });
    try {
      expect(driver.kind).toBe('kubernetes');
      expect((await driver.health()).status).toBe('ok');
    } finally {
      await driver.close();
    }
    await expect(connect({ id: 'kubernetes-nowhere', kind: 'kubernetes', address: 'no-such-context' })).rejects.toThrow(/no context named no-such-context/);
  });

  it.runIf(dockerUp)('opens a Docker host with its own state directory', async () => {
    const driver = await connect({ id: 'docker-local', kind: 'docker', address: `unix://${DOCKER_SOCKET}` });
    try {
      expect(driver.kind).toBe('docker');
      expect((await driver.health()).status).not.toBe('down');
      expect(await readdir(join(dir, 'targets'))).toEqual(['docker-local']);
    } finally {
      await driver.close();
    }
  });

  it('refuses a Docker host that does not answer', async () => {
    await expect(connect({ id: 'docker-gone', kind: 'docker', address: `unix://${join(dir, 'missing.sock')}` })).rejects.toThrow(/not reachable/);
    await expect(connect({ id: 'docker-closed', kind: 'docker', address: 'tcp://127.0.0.1:9' })).rejects.toThrow(/not reachable/);
  });
});
