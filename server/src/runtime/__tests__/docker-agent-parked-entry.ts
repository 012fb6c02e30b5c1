/**
 * The real agent worker in parked mode, as main.ts will run once it calls the identity hook
 * (bundled into the fixture image as /app/agent-parked.mjs). The worker's modules are loaded
 * by the static imports below before the wait, which is what a warm container saves; main.ts
 * itself then runs with the delivered environment (its imports are already loaded).
 */
import 'zod';
import '../../model/index.js';
import '../../agent/tools/index.js';
import '../../agent/worker.js';
import { prepareWorkerIdentity } from '../../agent/identity.js';

await prepareWorkerIdentity();
await import('../../agent/main.js');
