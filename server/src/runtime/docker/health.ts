/** The Docker runtime's health: can it reach the Engine, is the image there, is it watching events. */
import type Docker from 'dockerode';
import type { RuntimeHealth } from '../port.js';
import { dockerMessage } from './errors.js';

const PING_TIMEOUT_MS = 3_000;

export async function engineHealth(
  docker: Docker,
  state: { where: string; image: string; watching: boolean; running: number },
): Promise<RuntimeHealth> {
  const { where, image, running } = state;
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS)));
    await Promise.race([docker.ping(), timeout]);
  } catch (err) {
    return { status: 'down', detail: `the Docker Engine at ${where} is not reachable: ${dockerMessage(err)}`, running };
  } finally {
    clearTimeout(timer);
  }
  if (!(await docker.getImage(image).inspect().then(() => true, () => false))) {
    return { status: 'degraded', detail: `image ${image} is missing on ${where}; run \`node scripts/build-images.mjs\``, running };
  }
  if (!state.watching) return { status: 'degraded', detail: `not watching Docker events on ${where} (reconnecting)`, running };
  return { status: 'ok', detail: `${running} worker(s) running as containers on ${where}`, running };
}
