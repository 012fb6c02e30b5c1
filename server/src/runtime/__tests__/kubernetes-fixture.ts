/**
 * The Kubernetes driver against the local stand-in API server (server/test-support/kube-api):
 * a namespace that enforces the `restricted` Pod Security level, the hub's RBAC exactly as
 * k8s/base/agents/hub-rbac.yaml grants it, and the fixture worker as the container program.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { FIXTURE_IMAGE, fixtureWorkerProgram, startKubeApi, type KubeApi, type KubeApiOptions, type PolicyRule } from '../../../test-support/kube-api/index.js';
import { KubernetesDriver, type KubernetesDriverOptions } from '../kubernetes.js';
import { agentPodName } from '../kubernetes/names.js';
import type { RuntimeFixture } from './runtime-conformance.js';

export const AGENTS_NAMESPACE = 'hive-agents';
const HUB_RBAC = fileURLToPath(new URL('../../../../k8s/base/agents/hub-rbac.yaml', import.meta.url));

/** The rules of the Role the hub is bound to in the agents namespace, read from the shipped manifest. */
export function hubRoleRules(): PolicyRule[] {
  const docs = parseAllDocuments(readFileSync(HUB_RBAC, 'utf8')).map((d) => d.toJS() as { kind?: string; rules?: PolicyRule[] });
  const role = docs.find((d) => d.kind === 'Role');
  if (!role?.rules) throw new Error(`no Role with rules in ${HUB_RBAC}`);
  return role.rules;
}

export function standInOptions(extra: KubeApiOptions = {}): KubeApiOptions {
  return {
    namespaces: [{ name: AGENTS_NAMESPACE, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } }],
    roles: [{ namespace: AGENTS_NAMESPACE, rules: hubRoleRules() }],
    programs: { [FIXTURE_IMAGE]: fixtureWorkerProgram },
    bookmarkIntervalMs: 200,
    ...extra,
  };
}

export function driverOptions(api: KubeApi, extra: Partial<KubernetesDriverOptions> = {}): KubernetesDriverOptions {
  return {
    kubeConfig: api.kubeConfig(AGENTS_NAMESPACE),
    namespace: AGENTS_NAMESPACE,
    image: FIXTURE_IMAGE,
    pollIntervalMs: 100,
    watchBackoffMs: { min: 50, max: 500 },
    startTimeoutMs: 10_000,
    log: () => undefined,
    ...extra,
  };
}

export async function makeKubernetesFixture(
  extra: { api?: KubeApiOptions; driver?: Partial<KubernetesDriverOptions> } = {},
): Promise<RuntimeFixture & { api: KubeApi }> {
  const api = await startKubeApi(standInOptions(extra.api));
  const drivers: KubernetesDriver[] = [];
  const open = async () => {
    const driver = await KubernetesDriver.open(driverOptions(api, extra.driver));
    drivers.push(driver);
    return driver;
  };
  return {
    api,
    driver: await open(),
    reopen: open,
    // SIGKILL from outside (the OOM killer, a node problem): exit 137, the pod goes Failed.
    killWorker: async (instance) => api.kubelet.kill(AGENTS_NAMESPACE, agentPodName(instance.agentId)),
    cleanup: async () => {
      for (const driver of drivers) await driver.close();
      await api.close();
    },
  };
}
