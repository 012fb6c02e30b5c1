/**
 * Runs inside a parked agent container, started by the driver with `docker exec` at claim
 * time: writes the identity the driver passes in HIVE_IDENTITY_JSON (the exec's own
 * environment, never the container's) to the path the parked worker is waiting on. Bundled
 * into the image as /app/deliver-identity.mjs by scripts/build-images.mjs.
 */
import { writeIdentityFile } from '../../../agent/identity.js';

const target = process.env.HIVE_WAIT_FOR_IDENTITY;
const json = process.env.HIVE_IDENTITY_JSON;
if (!target || !json) {
  console.error('deliver-identity: HIVE_WAIT_FOR_IDENTITY and HIVE_IDENTITY_JSON must be set');
  process.exit(2);
}
try {
  await writeIdentityFile(target, JSON.parse(json) as Record<string, string>);
} catch (err) {
  // Only the reason: the document holds a token.
  console.error(`deliver-identity: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
