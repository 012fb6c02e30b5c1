/**
 * A small kustomize: builds a kustomization directory into a list of objects, for the
 * features Hive's manifests use — `resources` (files and directories), `components`,
 * `namespace`, `images` and `patches` (strategic merge from a file or inline, or JSON 6902
 * with a target). Transformers run in kustomize's order: components, then patches, then
 * namespace, then images. Anything else in a kustomization is refused with an error, so
 * this renderer can never silently disagree with `kubectl apply -k`; it is also stricter
 * than kustomize where that catches mistakes (a patch or image override that matches
 * nothing is an error).
 */
import { access, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { applyJsonPatch, type JsonPatchOp } from './json-patch.js';
import { groupOf, KustomizeError, readObjects, resourceId, type KubeObject } from './resources.js';
import { strategicMerge } from './strategic-merge.js';
import { setImages, setNamespace, type ImageOverride } from './transformers.js';

interface PatchTarget {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
}

interface Kustomization {
  apiVersion: string;
  kind: 'Kustomization' | 'Component';
  resources?: string[];
  components?: string[];
  namespace?: string;
  images?: ImageOverride[];
  patches?: { path?: string; patch?: string; target?: PatchTarget }[];
}

const SUPPORTED = new Set(['apiVersion', 'kind', 'resources', 'components', 'namespace', 'images', 'patches']);
const FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export async function readKustomization(dir: string): Promise<Kustomization> {
  for (const name of FILE_NAMES) {
    const path = join(dir, name);
    if (!(await access(path).then(() => true, () => false))) continue;
    const k = parse(await readFile(path, 'utf8')) as Kustomization;
    const unsupported = Object.keys(k ?? {}).filter((key) => !SUPPORTED.has(key));
    if (unsupported.length > 0) throw new KustomizeError(`${path}: ${unsupported.join(', ')} not supported by this renderer`);
    if (k.kind !== 'Kustomization' && k.kind !== 'Component') throw new KustomizeError(`${path}: kind must be Kustomization or Component`);
    return k;
  }
  throw new KustomizeError(`${dir}: no kustomization.yaml`);
}

function addAll(into: KubeObject[], objects: KubeObject[], from: string): void {
  for (const o of objects) {
    if (into.some((existing) => resourceId(existing) === resourceId(o))) {
      throw new KustomizeError(`${from}: may not add resource with an already registered id: ${resourceId(o)}`);
    }
    into.push(o);
  }
}

function matches(o: KubeObject, t: PatchTarget): boolean {
  const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['', o.apiVersion];
  const labels = o.metadata.labels ?? {};
  const selector = (t.labelSelector ?? '').split(',').filter(Boolean).map((p) => p.split('='));
  return (
    (t.group === undefined || t.group === group) &&
    (t.version === undefined || t.version === version) &&
    (t.kind === undefined || t.kind === o.kind) &&
    (t.name === undefined || t.name === o.metadata.name) &&
    (t.namespace === undefined || t.namespace === o.metadata.namespace) &&
    selector.every(([k, v]) => labels[k!] === v)
  );
}

async function applyPatches(dir: string, objects: KubeObject[], patches: NonNullable<Kustomization['patches']>): Promise<KubeObject[]> {
  let out = objects;
  for (const [i, p] of patches.entries()) {
    const where = p.path ? join(dir, p.path) : `${dir} patches[${i}]`;
    const text = p.path ? await readFile(join(dir, p.path), 'utf8') : p.patch;
    if (!text) throw new KustomizeError(`${where}: a patch needs path or patch`);
    const body = parse(text) as unknown;
    const isJson6902 = Array.isArray(body);
    let target = p.target;
    if (!target) {
      if (isJson6902) throw new KustomizeError(`${where}: a JSON 6902 patch needs a target`);
      const o = body as KubeObject;
      target = { group: groupOf(o.apiVersion ?? ''), kind: o.kind, name: o.metadata?.name, namespace: o.metadata?.namespace };
    }
    const hits = out.filter((o) => matches(o, target));
    if (hits.length === 0) throw new KustomizeError(`${where}: no resource matches ${JSON.stringify(target)}`);
    out = out.map((o) => (hits.includes(o) ? (isJson6902 ? applyJsonPatch(o, body as JsonPatchOp[]) : strategicMerge(o, body)) : o));
  }
  return out;
}

async function renderResources(dir: string, k: Kustomization, objects: KubeObject[]): Promise<void> {
  for (const entry of k.resources ?? []) {
    const path = resolve(dir, entry);
    const info = await stat(path).catch(() => null);
    if (!info) throw new KustomizeError(`${dir}: resource ${entry} does not exist`);
    addAll(objects, info.isDirectory() ? await renderKustomization(path) : await readObjects(path), path);
  }
}

/** Applies a Component to what its parent has built so far: its resources join, its transformers run over everything. */
async function applyComponent(dir: string, objects: KubeObject[]): Promise<KubeObject[]> {
  const k = await readKustomization(dir);
  if (k.kind !== 'Component') throw new KustomizeError(`${dir}: listed under components but is a ${k.kind}`);
  const all = [...objects];
  await renderResources(dir, k, all);
  return transform(dir, k, all);
}

async function transform(dir: string, k: Kustomization, objects: KubeObject[]): Promise<KubeObject[]> {
  let out = objects;
  for (const component of k.components ?? []) out = await applyComponent(resolve(dir, component), out);
  if (k.patches) out = await applyPatches(dir, out, k.patches);
  if (k.namespace) out = setNamespace(out, k.namespace);
  if (k.images) out = setImages(out, k.images);
  return out;
}

export async function renderKustomization(dir: string): Promise<KubeObject[]> {
  const k = await readKustomization(dir);
  if (k.kind !== 'Kustomization') throw new KustomizeError(`${dir}: a Component cannot be built on its own`);
  const objects: KubeObject[] = [];
  await renderResources(dir, k, objects);
  return transform(dir, k, objects);
}
