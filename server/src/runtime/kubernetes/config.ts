/**
 * Configuration of the Kubernetes runtime from the environment (HIVE_RUNTIME=kubernetes),
 * parsed with zod at boot like server/src/env.ts: a bad value stops the hub with a message
 * naming the variable. The cluster is found the way kubectl finds it — HIVE_K8S_KUBECONFIG,
 * else $KUBECONFIG or ~/.kube/config, else the in-cluster service account (a hub running
 * as a pod).
 */
import { KubeConfig } from '@kubernetes/client-node';
import { z } from 'zod';
import { KubernetesDriver, type KubernetesDriverOptions } from '../kubernetes.js';
import { parseQuantity } from './quantity.js';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const quantity = (fallback: string) =>
  z.string().refine((v) => parseQuantity(v) !== null, 'must be a Kubernetes quantity such as 500m, 1, 512Mi or 2Gi').default(fallback);
const list = z.string().transform((v) => v.split(/[,\s]+/).filter(Boolean));

const KubernetesEnvSchema = z.object({
  HIVE_K8S_NAMESPACE: z.string().max(63).regex(DNS_LABEL, 'must be a Kubernetes namespace name').default('hive-agents'),
  HIVE_K8S_AGENT_IMAGE: z.string({ error: 'is required when HIVE_RUNTIME=kubernetes (the agent worker image)' }).min(1),
  HIVE_K8S_KUBECONFIG: z.string().optional(),
  HIVE_K8S_CONTEXT: z.string().optional(),
  HIVE_K8S_IMAGE_PULL_POLICY: z.enum(['Always', 'IfNotPresent', 'Never']).optional(),
  HIVE_K8S_IMAGE_PULL_SECRETS: list.optional(),
  HIVE_K8S_AGENT_SERVICE_ACCOUNT: z.string().regex(DNS_SUBDOMAIN, 'must be a Kubernetes service account name').optional(),
  HIVE_K8S_AGENT_CPU_REQUEST: quantity('250m'),
  HIVE_K8S_AGENT_CPU_LIMIT: quantity('1'),
  HIVE_K8S_AGENT_MEMORY_REQUEST: quantity('256Mi'),
  HIVE_K8S_AGENT_MEMORY_LIMIT: quantity('1Gi'),
  HIVE_K8S_WORKSPACE_SIZE: quantity('2Gi'),
  HIVE_K8S_START_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(120),
  /** e.g. "/usr/bin/node /app/healthcheck.mjs" for the agent image's own health check. */
  HIVE_K8S_AGENT_LIVENESS_COMMAND: list.optional(),
});

export interface KubernetesRuntimeConfig {
  namespace: string;
  image: string;
  kubeconfigPath?: string;
  context?: string;
  driver: Omit<KubernetesDriverOptions, 'kubeConfig' | 'namespace' | 'image'>;
}

export function parseKubernetesEnv(source: NodeJS.ProcessEnv = process.env): KubernetesRuntimeConfig {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([k, v]) => k.startsWith('HIVE_K8S_') && v !== ''));
  const parsed = KubernetesEnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  for (const [request, limit, name] of [[e.HIVE_K8S_AGENT_CPU_REQUEST, e.HIVE_K8S_AGENT_CPU_LIMIT, 'CPU'], [e.HIVE_K8S_AGENT_MEMORY_REQUEST, e.HIVE_K8S_AGENT_MEMORY_LIMIT, 'MEMORY']] as const) {
    // The API server would refuse every agent pod; better to say so at boot.
    if (parseQuantity(request)! > parseQuantity(limit)!) {
      throw new Error(`Invalid configuration:\n  HIVE_K8S_AGENT_${name}_REQUEST: must not exceed HIVE_K8S_AGENT_${name}_LIMIT (${request} > ${limit})`);
    }
  }
  return {
    namespace: e.HIVE_K8S_NAMESPACE,
    image: e.HIVE_K8S_AGENT_IMAGE,
    kubeconfigPath: e.HIVE_K8S_KUBECONFIG,
    context: e.HIVE_K8S_CONTEXT,
    driver: {
      imagePullPolicy: e.HIVE_K8S_IMAGE_PULL_POLICY,
      imagePullSecrets: e.HIVE_K8S_IMAGE_PULL_SECRETS,
      serviceAccountName: e.HIVE_K8S_AGENT_SERVICE_ACCOUNT,
      resources: {
        requests: { cpu: e.HIVE_K8S_AGENT_CPU_REQUEST, memory: e.HIVE_K8S_AGENT_MEMORY_REQUEST },
        limits: { cpu: e.HIVE_K8S_AGENT_CPU_LIMIT, memory: e.HIVE_K8S_AGENT_MEMORY_LIMIT },
      },
      workspaceSizeLimit: e.HIVE_K8S_WORKSPACE_SIZE,
      startTimeoutMs: e.HIVE_K8S_START_TIMEOUT_SECONDS * 1000,
      livenessCommand: e.HIVE_K8S_AGENT_LIVENESS_COMMAND,
    },
  };
}

export function loadKubeConfig(config: Pick<KubernetesRuntimeConfig, 'kubeconfigPath' | 'context'>): KubeConfig {
  const kc = new KubeConfig();
  if (config.kubeconfigPath) kc.loadFromFile(config.kubeconfigPath);
  else kc.loadFromDefault();
  if (config.context) {
    if (!kc.getContexts().some((c) => c.name === config.context)) {
      throw new Error(`Invalid configuration:\n  HIVE_K8S_CONTEXT: no context named ${config.context} in the kubeconfig`);
    }
    kc.setCurrentContext(config.context);
  }
  if (!kc.getCurrentCluster()) throw new Error('Invalid configuration:\n  HIVE_K8S_KUBECONFIG: no cluster found (no kubeconfig, and not running in a cluster)');
  return kc;
}

/** What the hub calls when HIVE_RUNTIME=kubernetes. */
export async function openKubernetesDriver(config: KubernetesRuntimeConfig, extra: Partial<KubernetesDriverOptions> = {}): Promise<KubernetesDriver> {
  return KubernetesDriver.open({ ...config.driver, kubeConfig: loadKubeConfig(config), namespace: config.namespace, image: config.image, ...extra });
}
