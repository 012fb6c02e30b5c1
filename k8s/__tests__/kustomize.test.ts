/**
 * The small kustomize in k8s/tools: what it does with the features Hive's manifests use, and
 * that it refuses — loudly — what it does not support or what looks like a mistake.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { renderKustomization } from '../tools/kustomize/render.js';
import { applyJsonPatch } from '../tools/kustomize/json-patch.js';
import { strategicMerge } from '../tools/kustomize/strategic-merge.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hive-kustomize-'));
});
afterEach(async () => rm(root, { recursive: true, force: true }));

async function files(entries: Record<string, unknown>): Promise<void> {
  for (const [path, content] of Object.entries(entries)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    const text = typeof content === 'string' ? content : Array.isArray(content) ? content.map((c) => stringify(c)).join('---\n') : stringify(content);
    await writeFile(join(root, path), text);
  }
}

const kustomization = (body: Record<string, unknown>) => ({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', ...body });
const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'app' },
  spec: { template: { spec: { containers: [{ name: 'app', image: 'registry.example/app:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }, { name: 'side', image: 'busybox' }] } } },
};
const binding = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'b' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' }, subjects: [{ kind: 'ServiceAccount', name: 'hub', namespace: 'elsewhere' }, { kind: 'ServiceAccount', name: 'default' }] };

describe('renderKustomization', () => {
  it('builds nested kustomizations, each with its own namespace, then the overlay patches and images', async () => {
    await files({
      'base/app/kustomization.yaml': kustomization({ namespace: 'apps', resources: ['app.yaml'] }),
      'base/app/app.yaml': deployment,
      'base/rbac/kustomization.yaml': kustomization({ namespace: 'agents', resources: ['binding.yaml'] }),
      'base/rbac/binding.yaml': binding,
      'base/kustomization.yaml': kustomization({ resources: ['app', 'rbac', 'ns.yaml'] }),
      'base/ns.yaml': { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } },
      'overlay/kustomization.yaml': kustomization({
        resources: ['../base'],
        images: [{ name: 'registry.example/app', newTag: '2' }, { name: 'busybox', newName: 'mirror.example/busybox', digest: 'sha256:abc' }],
        patches: [{ path: 'env.yaml' }, { target: { kind: 'Deployment', name: 'app' }, patch: '- op: add\n  path: /spec/replicas\n  value: 3' }],
      }),
      'overlay/env.yaml': { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'app', namespace: 'apps' }, spec: { template: { spec: { containers: [{ name: 'app', env: [{ name: 'B', value: 'two' }, { name: 'C', value: '3' }] }] } } } },
    });
    const objects = await renderKustomization(join(root, 'overlay'));
    const [app, rb, ns] = objects as [typeof deployment & { spec: { replicas: number } }, typeof binding, { metadata: { namespace?: string } }];
    expect(app.metadata).toEqual({ name: 'app', namespace: 'apps' });
    expect(app.spec.replicas).toBe(3);
    expect(app.spec.template.spec.containers[0]).toEqual({
      name: 'app',
      image: 'registry.example/app:2',
      env: [{ name: 'A', value: '1' }, { name: 'B', value: 'two' }, { name: 'C', value: '3' }],
    });
    expect(app.spec.template.spec.containers[1]!.image).toBe('mirror.example/busybox@sha256:abc');
    expect(rb.metadata).toEqual({ name: 'b', namespace: 'agents' });
    // Like kustomize: only subjects named "default" follow the namespace.
    expect(rb.subjects).toEqual([{ kind: 'ServiceAccount', name: 'hub', namespace: 'elsewhere' }, { kind: 'ServiceAccount', name: 'default', namespace: 'agents' }]);
    expect(ns.metadata.namespace).toBeUndefined();
  });

  it('applies components to what the kustomization has built', async () => {
    await files({
      'app.yaml': deployment,
      'extra/kustomization.yaml': { apiVersion: 'kustomize.config.k8s.io/v1alpha1', kind: 'Component', resources: ['svc.yaml'], patches: [{ target: { kind: 'Deployment' }, patch: '- op: add\n  path: /spec/replicas\n  value: 0' }] },
      'extra/svc.yaml': { apiVersion: 'v1', kind: 'Service', metadata: { name: 'app' }, spec: { ports: [{ port: 80 }] } },
      'kustomization.yaml': kustomization({ resources: ['app.yaml'], components: ['extra'] }),
    });
    const objects = await renderKustomization(root);
    expect(objects.map((o) => o.kind)).toEqual(['Deployment', 'Service']);
    expect(objects[0]).toMatchObject({ spec: { replicas: 0 } });
    await expect(renderKustomization(join(root, 'extra'))).rejects.toThrow(/a Component cannot be built on its own/);
  });

  it('refuses unsupported features and likely mistakes', async () => {
    await files({ 'app.yaml': deployment });
    const attempt = async (body: Record<string, unknown>) => {
      await files({ 'kustomization.yaml': kustomization(body) });
      return renderKustomization(root);
    };
    await expect(attempt({ resources: ['app.yaml'], namePrefix: 'x-' })).rejects.toThrow(/namePrefix not supported/);
    await expect(attempt({ resources: ['app.yaml', 'app.yaml'] })).rejects.toThrow(/already registered id: apps\/Deployment\/~\/app/);
    await expect(attempt({ resources: ['missing.yaml'] })).rejects.toThrow(/resource missing.yaml does not exist/);
    await expect(attempt({ resources: ['app.yaml'], patches: [{ target: { kind: 'Deployment', name: 'nope' }, patch: '- op: remove\n  path: /spec' }] })).rejects.toThrow(/no resource matches/);
    await expect(attempt({ resources: ['app.yaml'], images: [{ name: 'not-used', newTag: '1' }] })).rejects.toThrow(/no container uses not-used/);
    await expect(attempt({ resources: ['app.yaml'], patches: [{ patch: '- op: remove\n  path: /spec' }] })).rejects.toThrow(/needs a target/);
  });
});

describe('patches', () => {
  it('strategic merge: maps merge, null deletes, named lists merge by key, other lists are replaced', () => {
    const base = { a: { b: 1, c: 2 }, args: ['x', 'y'], containers: [{ name: 'm', image: 'i', ports: [{ containerPort: 80 }] }] };
    const patch = { a: { c: null, d: 3 }, args: ['z'], containers: [{ name: 'm', ports: [{ containerPort: 81 }] }, { name: 'n', image: 'j' }] };
    expect(strategicMerge(base, patch)).toEqual({
      a: { b: 1, d: 3 },
      args: ['z'],
      containers: [{ name: 'm', image: 'i', ports: [{ containerPort: 80 }, { containerPort: 81 }] }, { name: 'n', image: 'j' }],
    });
    expect(() => strategicMerge(base, { containers: [{ $patch: 'delete', name: 'm' }] })).toThrow(/\$patch directive is not supported/);
  });

  it('JSON 6902: add (including "-" to append), replace, remove, test', () => {
    const doc = { spec: { list: [1, 2], name: 'a' } };
    expect(applyJsonPatch(doc, [
      { op: 'add', path: '/spec/list/-', value: 3 },
      { op: 'replace', path: '/spec/name', value: 'b' },
      { op: 'test', path: '/spec/name', value: 'b' },
      { op: 'remove', path: '/spec/list/0' },
      { op: 'add', path: '/spec/a~1b', value: true },
    ])).toEqual({ spec: { list: [2, 3], name: 'b', 'a/b': true } });
    expect(doc.spec.list).toEqual([1, 2]);
    expect(() => applyJsonPatch(doc, [{ op: 'replace', path: '/spec/missing', value: 1 }])).toThrow(/nothing there/);
    expect(() => applyJsonPatch(doc, [{ op: 'test', path: '/spec/name', value: 'z' }])).toThrow(/test \/spec\/name failed/);
  });
});
