/** The manifest validator refuses what a real API server (or KEDA's CRD) would refuse. */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../tools/kustomize/resources.js';
import { restrictedViolations, validateManifest } from '../tools/validate-manifest.js';

const deployment = (spec: Record<string, unknown> = {}, name = 'web'): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, labels: { app: 'web' } },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
    ...spec,
  },
});

const scaledObject = (trigger: Record<string, unknown>, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'keda.sh/v1alpha1',
  kind: 'ScaledObject',
  metadata: { name: 'pool' },
  spec: { scaleTargetRef: { name: 'pool' }, triggers: [trigger], ...extra },
});

const redisTrigger = (metadata: Record<string, string>) => ({
  type: 'redis-streams',
  metadata: { address: 'redis:6379', stream: 'hive:task_queue:any', consumerGroup: 'dispatch', pendingEntriesCount: '5', ...metadata },
});

describe('validateManifest', () => {
  it('accepts a valid object', async () => {
    expect(await validateManifest(deployment())).toEqual([]);
    expect(await validateManifest(scaledObject(redisTrigger({})))).toEqual([]);
  });

  it('refuses missing required fields, wrong types and unknown fields', async () => {
    expect(await validateManifest({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {} })).toEqual(['Pod/p: spec.containers: Required value']);
    expect(await validateManifest(deployment({ replicas: 'three' }))).toEqual(['Deployment/web: spec.replicas: must be integer']);
    expect(await validateManifest(deployment({ replcas: 2 }))).toEqual(['Deployment/web: spec.replcas: unknown field']);
    const typo = deployment();
    (typo.metadata as Record<string, unknown>).lables = { a: 'b' };
    expect(await validateManifest(typo)).toEqual(['Deployment/web: metadata.lables: unknown field']);
  });

  it('refuses what only the API server checks: names, labels, a selector that misses its template', async () => {
    expect(await validateManifest(deployment({}, 'Web_1'))).toEqual([expect.stringContaining('Deployment/Web_1: metadata.name: Invalid value: "Web_1"')]);
    expect(await validateManifest({ ...deployment(), metadata: { name: 'web', labels: { app: 'no spaces allowed' } } })).toEqual([
      expect.stringContaining('metadata.labels.app: a valid label must be'),
    ]);
    expect(await validateManifest(deployment({ selector: { matchLabels: { app: 'other' } } }))).toEqual([
      'Deployment/web: spec.template.metadata.labels: Invalid value: `selector` does not match template `labels`',
    ]);
  });

  it('refuses kinds it has no schema for, rather than passing them', async () => {
    expect(await validateManifest({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })).toEqual(['Widget/w: no schema for example.com/v1 Widget']);
  });

  it('checks KEDA objects strictly, including the redis-streams trigger metadata', async () => {
    expect(await validateManifest({ ...scaledObject(redisTrigger({})), spec: { scaleTargetRef: { name: 'pool' } } })).toEqual(['ScaledObject/pool: spec.triggers: Required value']);
    expect(await validateManifest(scaledObject(redisTrigger({ pendingEntryCount: '5' })))).toEqual(['ScaledObject/pool: spec.triggers[0].metadata.pendingEntryCount: unknown field']);
    expect(await validateManifest(scaledObject(redisTrigger({ address: 'redis' })))).toEqual([expect.stringContaining('spec.triggers[0].metadata.address: must match pattern')]);
    const noGroup = redisTrigger({});
    delete (noGroup.metadata as Record<string, string>).consumerGroup;
    expect(await validateManifest(scaledObject(noGroup))).toEqual([expect.stringContaining('spec.triggers[0].metadata: must have property consumerGroup when property pendingEntriesCount is present')]);
    expect(await validateManifest(scaledObject(redisTrigger({}), { minReplicas: 0 }))).toEqual(['ScaledObject/pool: spec.minReplicas: unknown field']);
  });
});

describe('restrictedViolations', () => {
  it('finds pod templates the restricted Pod Security level would refuse', () => {
    expect(restrictedViolations(deployment())).toEqual([
      expect.stringContaining('allowPrivilegeEscalation != false'),
      expect.stringContaining('unrestricted capabilities'),
      expect.stringContaining('runAsNonRoot != true'),
      expect.stringContaining('seccompProfile'),
    ]);
  });
});
