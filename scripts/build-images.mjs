#!/usr/bin/env node
// Builds Hive's container images on this machine's Docker Engine, FROM scratch (no registry
// needed): hive-agent:dev and hive-sandbox:dev by default, hive-agent-fixture:dev on request.
// Skips an image whose `hive.build.hash` label already matches its inputs.
//
//   node scripts/build-images.mjs [agent] [sandbox] [agent-fixture] [--force] [--json] [--quiet]
//                                 [--host tcp://host:2375 | --socket /var/run/docker.sock]
//
// The logic is in server/src/runtime/docker/image-build.ts (TypeScript, run through tsx).
import { register } from 'tsx/esm/api';

register();
const { buildImages, IMAGE_NAMES } = await import('../server/src/runtime/docker/image-build.ts');
const { connectDocker } = await import('../server/src/runtime/docker/connection.ts');

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name) => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
};
const valueArgs = new Set([option('--host'), option('--socket')].filter(Boolean));
const names = args.filter((a) => !a.startsWith('--') && !valueArgs.has(a));
const unknown = names.filter((n) => !IMAGE_NAMES.includes(n));
if (unknown.length > 0) {
  console.error(`unknown image(s): ${unknown.join(', ')}; known: ${IMAGE_NAMES.join(', ')}`);
  process.exit(2);
}

const json = flag('--json');
const quiet = flag('--quiet') || json;
const docker = connectDocker({ host: option('--host'), socketPath: option('--socket') });
try {
  const results = await buildImages(names.length > 0 ? names : ['agent', 'sandbox'], {
    docker,
    force: flag('--force'),
    log: quiet ? undefined : (line) => console.log(line),
  });
  if (json) console.log(JSON.stringify(results));
  else for (const r of results) console.log(`${r.tag}: ${r.built ? 'built' : 'up to date'}, ${(r.sizeBytes / 1e6).toFixed(1)} MB, ${r.ms} ms`);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
