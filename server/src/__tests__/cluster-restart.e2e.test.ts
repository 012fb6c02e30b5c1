/**
 * A registered Docker host survives a hub restart: the registration is kept in
 * runtime_targets, the new hub reconnects to the host (its own driver), finds the agent
 * container still running there and adopts it instead of starting another one.
 */
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../../test-support/app.js';
import { canRunDockerd, startThrowawayDockerd, type ThrowawayDockerd } from '../../test-support/dockerd.js';
import { freePort } from '../../test-support/free-port.js';
import { DOCKER_SOCKET, dockerReachable, requireService } from '../../test-support/services.js';
import { waitFor } from '../../test-support/wait.js';
import { parseEnv } from '../env.js';
import { startHub, type Hub } from '../hub.js';
import { AGENT_IMAGE, buildTestImages, removeScope } from '../runtime/__tests__/docker-fixture.js';

const dockerUp =
  (await requireService('Docker Engine', dockerReachable(), `expected at ${DOCKER_SOCKET}; start dockerd`)) &&
  (await requireService('a second dockerd', canRunDockerd(), 'needs the dockerd binary and root to start one on its own socket'));
const scope = `cluster-${crypto.randomUUID().slice(0, 8)}`;

describe.runIf(dockerUp)('a registered Docker host across a hub restart', { timeout: 240_000 }, () => {
  let second: ThrowawayDockerd;
  let hub: Hub | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'hive-cluster-restart-'));
  const docker = new Docker({ socketPath: DOCKER_SOCKET });

  beforeAll(async () => {
    await buildTestImages(['agent']);
    second = await startThrowawayDockerd();
    await second.loadImageFrom(docker, AGENT_IMAGE);
  }, 240_000);
  afterAll(async () => {
    await hub?.close({ stopAgents: true });
    await second?.cleanup();
    await removeScope(docker, scope);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps the registration, reconnects and adopts the agent running there', async () => {
    const port = await freePort();
    const env = parseEnv({
      PORT: String(port), HOST: '127.0.0.1', HIVE_DATA_DIR: dataDir, HIVE_ADMIN_PASSWORD: TEST_PASSWORD, HIVE_WEB_DIST: join(dataDir, 'none'),
      HIVE_RUNTIME: 'docker', HIVE_DOCKER_SCOPE: scope, HIVE_DOCKER_NETWORK: 'host', HIVE_CLUSTER_PROBE_MS: '250',
    });
    const tuning = { workerEnv: { HIVE_HEARTBEAT_MS: '1000' }, restartBaseMs: 200 };
    hub = await startHub(env, tuning, () => {});
    const registered = await hub.services.cluster.registerTarget('test', { kind: 'docker', name: 'Second engine', socketPath: second.socketPath, capacity: 3 });
    // The configured Engine takes nothing, so the agent goes to the registered one.
    await hub.services.cluster.setDraining('local-docker', true);
    const created = await hub.services.agents.create('test', { name: 'far-away', type: 'backend', runtime: 'docker', start: false });
    const started = await hub.orchestrator.startAgent('test', created.id);
    expect(started.targetId).toBe(registered.id);
    await waitFor('the agent to connect', async () => (await hub!.services.store.agents.get(created.id))?.status === 'idle', 90_000, 250);

    await hub.close(); // the container keeps running on the second Engine
    hub = await startHub(env, tuning, () => {});
    const view = (await hub.services.cluster.view()).find((t) => t.id === registered.id);
    expect(view).toMatchObject({ registered: true, address: `unix://${second.socketPath}`, capacity: 3, status: 'ok', running: 1 });
    const instances = await hub.services.cluster.driverOf({ runtime: 'docker', targetId: registered.id })!.list();
    expect(instances).toEqual([expect.objectContaining({ agentId: created.id, ref: started.runtimeRef, adopted: true })]);
    await waitFor('the adopted worker to reconnect', async () => (await hub!.services.store.agents.get(created.id))?.status === 'idle', 30_000, 250);
    expect((await hub.services.store.agents.get(created.id))!.runtimeRef).toBe(started.runtimeRef);
    expect(await second.docker.listContainers({ filters: JSON.stringify({ label: [`hive.scope=${scope}`] }) })).toHaveLength(1);
    await hub.services.cluster.setDraining('local-docker', false);
  });
});
