/**
 * Every kustomization under k8s/ renders (with the small kustomize in k8s/tools) and every
 * object it renders validates against the Kubernetes schemas (KEDA's for ScaledObjects) and
 * the restricted Pod Security level; plus the properties Hive's deployment depends on.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse } from 'yaml';
import { AGENT_TYPES } from '../../shared/index.js';
import { queueFor } from '../../server/src/services/dispatcher.js';
import type { KubeObject } from '../tools/kustomize/resources.js';
import { podSpecOf } from '../tools/validate-manifest.js';
import { checkKustomization, problemsIn } from './manifest-checks.js';

const K8S = fileURLToPath(new URL('..', import.meta.url));
const SCANNED = ['base', 'overlays', 'components'];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const files = SCANNED.flatMap((d) => walk(join(K8S, d)));
const kustomizationFiles = files.filter((f) => f.endsWith('/kustomization.yaml'));
const kustomizations = kustomizationFiles.filter((f) => (parse(readFileSync(f, 'utf8')) as { kind: string }).kind === 'Kustomization').map((f) => join(f, '..'));
const components = kustomizationFiles.filter((f) => (parse(readFileSync(f, 'utf8')) as { kind: string }).kind === 'Component').map((f) => join(f, '..'));
const overlays = kustomizations.filter((d) => relative(K8S, d).startsWith('overlays/'));
const rendered = new Map<string, Promise<{ objects: KubeObject[]; problems: string[] }>>();
const render = (dir: string) => rendered.get(dir) ?? rendered.set(dir, checkKustomization(dir)).get(dir)!;
const find = (objects: KubeObject[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);

describe('k8s manifests', () => {
  it('has the base, both overlays and the components', () => {
    expect(kustomizations.map((d) => relative(K8S, d)).sort()).toEqual(
      expect.arrayContaining(['base', 'base/agents', 'base/hub', 'overlays/dev', 'overlays/production', 'overlays/production-agent-pool']),
    );
    expect(components.map((d) => relative(K8S, d)).sort()).toEqual(['components/agent-pool', 'components/agent-pool-hpa', 'components/agent-pool-keda']);
  });

  for (const dir of kustomizations) {
    it(`renders ${relative(K8S, dir)}, and every object in it validates`, async () => {
      const { objects, problems } = await render(dir);
      expect(objects.length).toBeGreaterThan(0);
      expect(problems).toEqual([]);
    });
  }

  it('validates the agent pool with the HPA fallback instead of KEDA', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hive-k8s-'));
    try {
      await writeFile(join(dir, 'kustomization.yaml'), JSON.stringify({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        resources: [join(K8S, 'overlays/production')],
        components: [join(K8S, 'components/agent-pool'), join(K8S, 'components/agent-pool-hpa')],
      }));
      const { objects, problems } = await checkKustomization(dir);
      expect(problems).toEqual([]);
      expect(find(objects, 'HorizontalPodAutoscaler', 'hive-agent-pool')).toBeDefined();
      expect(find(objects, 'Deployment', 'hive-agent-pool')).toMatchObject({ spec: { replicas: 1 } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('validates the YAML files no kustomization applies (the examples), which must stay out of every render', async () => {
    const examples = files.filter((f) => f.endsWith('.example.yaml'));
    expect(examples.map((f) => relative(K8S, f)).sort()).toEqual(['base/secret.example.yaml', 'components/agent-pool-keda/secret.example.yaml']);
    for (const file of examples) {
      const objects = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as KubeObject);
      expect(await problemsIn(objects)).toEqual([]);
    }
    for (const dir of kustomizations) expect((await render(dir)).objects.filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  it('fails an overlay that renders invalid objects (the check is not vacuous)', async () => {
    const { problems } = await checkKustomization(join(K8S, '__tests__/fixtures/broken-overlay'));
    expect(problems).toEqual(expect.arrayContaining([
      'Deployment/hive-hub: spec.replcas: unknown field',
      // The patch's port merges by containerPort; "3000" is not 3000, so it is added as a second port.
      'Deployment/hive-hub: spec.template.spec.containers[0].ports[1].containerPort: must be integer',
    ]));
  });
});

describe('k8s manifests: what Hive relies on', () => {
  for (const dir of overlays) {
    const name = relative(K8S, dir);
    it(`${name}: the hub runs at least two replicas with health and readiness probes, limits and a PDB`, async () => {
      const { objects } = await render(dir);
      const hub = find(objects, 'Deployment', 'hive-hub') as KubeObject & { spec: { replicas: number } };
      expect(hub.spec.replicas).toBeGreaterThanOrEqual(2);
      const container = podSpecOf(hub)!.containers![0] as unknown as Record<string, { httpGet?: { path: string }; limits?: unknown; requests?: unknown }>;
      // Liveness must not depend on the database or Redis: an outage there is not cured by a restart.
      expect(container.livenessProbe?.httpGet?.path).toBe('/api/v1/system/live');
      expect(container.startupProbe?.httpGet?.path).toBe('/api/v1/system/live');
      expect(container.readinessProbe?.httpGet?.path).toBe('/api/v1/system/ready');
      expect(container.resources).toMatchObject({ requests: expect.anything(), limits: expect.anything() });
      const pdb = find(objects, 'PodDisruptionBudget', 'hive-hub') as KubeObject & { spec: { minAvailable: number } };
      expect(pdb.spec.minAvailable).toBeLessThan(hub.spec.replicas);
    });

    it(`${name}: every container declares requests and limits (the agents' ResourceQuota needs them)`, async () => {
      for (const o of (await render(dir)).objects) {
        for (const c of (podSpecOf(o)?.containers ?? []) as { name: string; resources?: { requests?: object; limits?: object } }[]) {
          expect(c.resources?.requests, `${o.kind}/${o.metadata.name} ${c.name}`).toBeDefined();
          expect(c.resources?.limits, `${o.kind}/${o.metadata.name} ${c.name}`).toBeDefined();
        }
      }
    });

    it(`${name}: the ConfigMap holds no credentials, and the hub reads its secrets from hive-secrets`, async () => {
      const { objects } = await render(dir);
      const config = find(objects, 'ConfigMap', 'hive-hub-config') as KubeObject & { data: Record<string, string> };
      expect(Object.keys(config.data).filter((k) => /KEY|TOKEN|PASSWORD|SECRET|DATABASE_URL|REDIS_URL/.test(k))).toEqual([]);
      expect(config.data).toMatchObject({ HIVE_RUNTIME: 'kubernetes', HIVE_K8S_NAMESPACE: 'hive-agents' });
      const env = (podSpecOf(find(objects, 'Deployment', 'hive-hub')!)!.containers![0] as unknown as { env: { name: string; valueFrom?: { secretKeyRef?: { name: string } } }[] }).env;
      for (const name of ['DATABASE_URL', 'REDIS_URL', 'ANTHROPIC_API_KEY']) {
        expect(env.find((e) => e.name === name)?.valueFrom?.secretKeyRef?.name, name).toBe('hive-secrets');
      }
    });
  }

  it('isolates agent pods: no ingress, egress only to the hub, DNS and the Anthropic API', async () => {
    const { objects } = await render(join(K8S, 'base'));
    const policies = objects.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === 'hive-agents') as (KubeObject & { spec: Record<string, any> })[]; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(policies.find((p) => p.metadata.name === 'default-deny-all')?.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    const agents = policies.find((p) => p.metadata.name === 'hive-agent-egress')!.spec;
    expect(agents.ingress).toEqual([]);
    expect(agents.egress).toHaveLength(3);
    expect(agents.egress[0].to[0].podSelector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'hive-hub' });
    expect(agents.egress[1].ports.map((p: { port: number }) => p.port)).toEqual([53, 53]);
    expect(agents.egress[2]).toMatchObject({ to: [{ ipBlock: { cidr: expect.any(String) } }], ports: [{ protocol: 'TCP', port: 443 }] });
  });

  it('binds the hub service account to its Role in the agents namespace', async () => {
    const { objects } = await render(join(K8S, 'base'));
    expect(find(objects, 'RoleBinding', 'hive-hub-agents')).toMatchObject({
      metadata: { namespace: 'hive-agents' },
      roleRef: { kind: 'Role', name: 'hive-hub-agents' },
      subjects: [{ kind: 'ServiceAccount', name: 'hive-hub', namespace: 'hive' }],
    });
    expect(find(objects, 'ServiceAccount', 'hive-hub')?.metadata.namespace).toBe('hive');
  });

  it('scales the agent pool on every dispatch queue the hub reads, in consumer group dispatch', async () => {
    const { objects } = await render(join(K8S, 'overlays/production-agent-pool'));
    const scaled = find(objects, 'ScaledObject', 'hive-agent-pool') as KubeObject & { spec: { triggers: { type: string; metadata: Record<string, string> }[]; scaleTargetRef: { name: string } } };
    expect(find(objects, 'Deployment', scaled.spec.scaleTargetRef.name)).toBeDefined();
    const streams = scaled.spec.triggers.map((t) => t.metadata.stream).sort();
    const queues = [...AGENT_TYPES, null].map((t) => `hive:${queueFor(t)}`).sort();
    expect(streams).toEqual(queues);
    for (const t of scaled.spec.triggers) expect(t).toMatchObject({ type: 'redis-streams', metadata: { consumerGroup: 'dispatch', enableTLS: 'true' } });
  });
});
