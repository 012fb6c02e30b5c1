/**
 * `npx tsx k8s/tools/kustomize-build.ts k8s/overlays/dev` prints what `kubectl kustomize`
 * would, for this repository's kustomizations (see kustomize/render.ts for what is supported).
 */
import { stringify } from 'yaml';
import { renderKustomization } from './kustomize/render.js';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: tsx k8s/tools/kustomize-build.ts <kustomization dir>');
  process.exit(2);
}
const objects = await renderKustomization(dir);
process.stdout.write(objects.map((o) => stringify(o)).join('---\n'));
