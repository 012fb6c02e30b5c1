/**
 * The agent image's HEALTHCHECK (/app/healthcheck.mjs): healthy while the worker keeps
 * touching its liveness file from its event loop (server/src/agent/identity.ts). A worker
 * whose loop is stuck, or that never started, makes the container unhealthy.
 */
import { livenessAgeMs } from '../../../agent/identity.js';

const path = process.env.HIVE_LIVENESS_FILE || '/tmp/hive-alive';
const maxAgeMs = Number(process.env.HIVE_LIVENESS_MAX_AGE_MS) || 30_000;
const age = await livenessAgeMs(path);
if (age === null) {
  console.error(`unhealthy: ${path} does not exist (the worker has not started its liveness beacon)`);
  process.exit(1);
}
if (age > maxAgeMs) {
  console.error(`unhealthy: ${path} last touched ${Math.round(age / 1000)} s ago (limit ${maxAgeMs / 1000} s)`);
  process.exit(1);
}
console.log(`healthy: liveness ${Math.round(age)} ms old`);
