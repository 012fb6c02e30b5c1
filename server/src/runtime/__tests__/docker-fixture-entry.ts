/**
 * The fixture image's entry (bundled to /app/fixture-entry.mjs): the same identity hook the
 * real worker calls first, then the conformance fixture worker, which reads its environment
 * at import time — after a parked container has received its identity.
 */
import { prepareWorkerIdentity } from '../../agent/identity.js';

await prepareWorkerIdentity();
// A computed specifier keeps esbuild from inlining it: the image carries the fixture as is.
const fixture = new URL('./fixtures/fixture-worker.mjs', import.meta.url).href;
await import(fixture);
