/** Renders a kustomization and returns every problem with what it renders: schema, strictness, Pod Security. */
import { renderKustomization } from '../tools/kustomize/render.js';
import type { KubeObject } from '../tools/kustomize/resources.js';
import { restrictedViolations, validateManifest } from '../tools/validate-manifest.js';

export async function problemsIn(objects: KubeObject[]): Promise<string[]> {
  const problems: string[] = [];
  for (const o of objects) problems.push(...(await validateManifest(o)), ...restrictedViolations(o));
  return problems;
}

export async function checkKustomization(dir: string): Promise<{ objects: KubeObject[]; problems: string[] }> {
  const objects = await renderKustomization(dir);
  return { objects, problems: await problemsIn(objects) };
}
