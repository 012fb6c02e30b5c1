/**
 * Composition root: opens every port's adapter, wires the services, the HTTP app, Socket.IO
 * and the background loops, and tears them down in reverse. main.ts and the tests both use it.
 */
import { readFileSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import { Server as SocketServer } from 'socket.io';
import { createApp } from './app.js';
import { createBroker } from './broker/index.js';
import type { Broker } from './broker/port.js';
import { createEmbedder } from './embedder/index.js';
import type { Env } from './env.js';
import { AgentGateway } from './realtime/agent-gateway.js';
import type { Logger } from './observability/logger.js';
import { HubMetrics } from './observability/metrics.js';
import { tracingWorkerEnv } from './observability/tracing.js';
import { UiGateway } from './realtime/ui-gateway.js';
import type { RuntimeDriver } from './runtime/port.js';
import { openDockerRuntime, parseDockerRuntimeEnv } from './runtime/docker/config.js';
import { describeConnection } from './runtime/docker/connection.js';
import { openKubernetesDriver, parseKubernetesEnv } from './runtime/kubernetes/config.js';
import { ProcessDriver } from './runtime/process.js';
import { createTargetConnector } from './runtime/target-drivers.js';
import { TargetFailover } from './services/cluster/failover.js';
import { WebPushNotifier } from './notifier/web-push.js';
import { Dispatcher } from './services/dispatcher.js';
import { NotificationService } from './services/notification-service.js';
import { createServices, type Services } from './services/index.js';
import { gitAdapter, startSelfModify } from './self-modify.js';
import { Orchestrator } from './services/orchestrator.js';
import type { SchedulerOptions } from './services/task-scheduler.js';
import { UsageService } from './services/usage-service.js';
import { openStore } from './store/index.js';
import type { Store } from './store/store.js';
import type { Agent } from '../../shared/index.js';

const ROOT = new URL('../../', import.meta.url);
export const VERSION = (JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as { version: string }).version;

export interface HubTuning {
  scheduler?: SchedulerOptions;
  dispatchPollMs?: number;
  claimIdleMs?: number;
  sweepMs?: number;
  reconnectGraceMs?: number;
  /** How long a worker may take to answer an offer (AgentGateway; default 10 s). */
  offerTimeoutMs?: number;
  restartBaseMs?: number;
  /** Extra environment for agent workers (tests: ANTHROPIC_BASE_URL of a local server, heartbeat). */
  workerEnv?: Record<string, string>;
  /** Replace the runtime driver (tests of other drivers). */
  driver?: RuntimeDriver;
  brokerPrefix?: string;
  uiBatchMs?: number;
  uiReplayLimit?: number;
  /** JSON request logs (main.ts passes pino; tests leave it out). */
  logger?: Logger;
  /** HTTPS agent for Web Push requests (tests trust a local push service with it). */
  pushAgent?: import('node:https').Agent;
  /** Use this store instead of opening the configured one (tests); the hub closes it. */
  store?: Store;
}

export interface Hub {
  app: ReturnType<typeof createApp>;
  url: string;
  port: number;
  services: Services;
  orchestrator: Orchestrator;
  broker: Broker;
  dispatcher: Dispatcher;
  gateway: AgentGateway;
  ui: UiGateway;
  /** Stop the hub; agent workers keep running unless stopAgents is set. */
  close(options?: { stopAgents?: boolean }): Promise<void>;
}

export async function startHub(env: Env, tuning: HubTuning = {}, log: (msg: string) => void = console.log): Promise<Hub> {
  const store = tuning.store ?? (await openStore({ databaseUrl: env.databaseUrl, dataDir: env.dataDir }));
  const broker = createBroker({ redisUrl: env.redisUrl, prefix: tuning.brokerPrefix ?? 'hive:' });
  const offline = !env.anthropic.apiKey;
  const services = createServices({
    store,
    embedder: createEmbedder(),
    git: gitAdapter(),
    auth: env,
    scheduler: tuning.scheduler,
    system: {
      version: VERSION,
      startedAt: Date.now(),
      modelProvider: offline ? 'offline' : 'anthropic',
      modelOffline: offline,
      repoDir: new URL('.', ROOT).pathname,
    },
  });

  const oneTimePassword = await services.auth.ensureAdmin(env.adminPassword);
  if (oneTimePassword) {
    log(`\n  First start: created user "admin" with password ${oneTimePassword}\n  It is shown only this once; change it under Settings.\n`);
  }

  const notifier = await WebPushNotifier.open(store, env.vapidSubject, tuning.pushAgent);
  services.notifier = notifier;
  const notifications = new NotificationService(store, notifier, log);
  notifications.start();

  const docker = !tuning.driver && env.docker ? await openDockerRuntime(`${env.dataDir}/agents`, env.docker, log) : null;
  const driver =
    tuning.driver ??
    docker?.driver ??
    (env.kubernetes
      ? await openKubernetesDriver(env.kubernetes, { log })
      : await ProcessDriver.open({ dataDir: `${env.dataDir}/agents`, log }));
  // The gateways exist only after the server listens; the metrics read them lazily.
  let sockets = () => ({ ui: 0, agents: 0 });
  const metrics = new HubMetrics({
    tasksByStatusAndType: () => store.tasks.countByStatusAndType(),
    agentsByStatusAndRuntime: () => store.agents.countByStatusAndRuntime(),
    socketClients: () => sockets(),
  });
  const app = createApp({ services, version: VERSION, webDist: env.webDist, secureCookies: env.secureCookies, metrics, logger: tuning.logger });
  const server = await listen(app.fetch, env.port, env.host);
  const port = (server.address() as AddressInfo).port;
  const hubUrl = env.hubUrl ?? `http://127.0.0.1:${port}`;

  const targetNames: Record<string, string> = { process: "This hub's local processes", docker: 'Docker Engine', kubernetes: 'Kubernetes' };
  const configuredTargetId = `local-${driver.kind}`;
  await services.cluster.attachConfigured({ id: configuredTargetId, name: targetNames[driver.kind] ?? driver.kind, driver, capacity: env.cluster.localCapacity });
  const orchestrator = new Orchestrator(services, {
    hubUrl,
    workerEnv: {
      ...(env.anthropic.apiKey && { ANTHROPIC_API_KEY: env.anthropic.apiKey }),
      ...(env.anthropic.model && { ANTHROPIC_MODEL: env.anthropic.model }),
      ...(env.anthropic.baseUrl && { ANTHROPIC_BASE_URL: env.anthropic.baseUrl }),
      // Workers export their spans where the hub does (empty when tracing is off).
      ...tracingWorkerEnv(),
      ...(env.hubUrls && { HIVE_HUB_URLS: env.hubUrls }),
      ...tuning.workerEnv,
    },
    restartBaseMs: tuning.restartBaseMs ?? 1000,
    restartMaxMs: 60_000,
    stableAfterMs: 60_000,
    log,
  });
  services.orchestrator = orchestrator;

  const hubId = `hub-${process.pid}-${port}`;
  const dispatcher = new Dispatcher(store, services.scheduler, broker, {
    hubId,
    pollMs: tuning.dispatchPollMs ?? 250,
    claimIdleMs: tuning.claimIdleMs ?? 2000,
    sweepMs: tuning.sweepMs ?? 1000,
  }, log);
  const adapterRedis = env.redisUrl ? new Redis(env.redisUrl, { protocol: 2, maxRetriesPerRequest: null }) : null;
  // ioredis reconnects by itself; without a listener every failed attempt is an "Unhandled error event".
  let adapterRedisDown = false;
  adapterRedis?.on('error', (err: Error) => {
    if (!adapterRedisDown) log(`socket.io redis adapter: ${err.message} (reconnecting)`);
    adapterRedisDown = true;
  });
  adapterRedis?.on('ready', () => {
    adapterRedisDown = false;
  });
  const io = new SocketServer(server, {
    serveClient: false,
    maxHttpBufferSize: 4 * 1024 * 1024,
    // With Redis, an emit on any hub reaches the clients of every hub (DESIGN §1).
    ...(adapterRedis && { adapter: createAdapter(adapterRedis, { streamName: `${tuning.brokerPrefix ?? 'hive:'}socket.io` }) }),
  });
  // Domain events reach the other hubs' dashboards through the broker; what never arrives is read from the store.
  const ui = new UiGateway(io, services, { batchMs: tuning.uiBatchMs ?? 25, replayLimit: tuning.uiReplayLimit ?? 1000, broker, log });
  const gateway = new AgentGateway(io, {
    onProgress: (item) => ui.publishProgress(item),
    metrics,
    spawnStartedAt: (agentId) => orchestrator.spawnStartedAt(agentId),
    services,
    dispatcher,
    usage: new UsageService(store),
    broker,
    reconnectGraceMs: tuning.reconnectGraceMs ?? 5000,
    offerTimeoutMs: tuning.offerTimeoutMs,
    log,
  });
  services.system.addProbe('broker', async () => ({ status: 'ok', adapter: broker.name, latencyMs: Math.round((await broker.ping()) * 100) / 100 }));
  services.system.addProbe('runtime', async () => {
    const h = await driver.health();
    return { status: h.status, adapter: driver.kind, ...(h.status !== 'ok' && { error: h.detail }) };
  });
  sockets = () => ({ ui: ui.clientCount, agents: gateway.clientCount });
  orchestrator.resumeWorker = (agentId, actor) => gateway.resume(agentId, actor);
  await dispatcher.start();
  // Heartbeats of every runtime target; a target that goes down has its agents placed elsewhere.
  const failover = new TargetFailover(services, orchestrator, { disconnect: (agentId) => gateway.disconnect(agentId), retryMs: env.cluster.probeMs, log });
  failover.start();
  await services.cluster.start({
    broker,
    hubId,
    log,
    ...(docker && env.docker && { configuredDockerEngine: describeConnection(env.docker.driver) }),
    monitor: { intervalMs: env.cluster.probeMs, ttlMs: env.cluster.heartbeatTtlMs, downAfter: env.cluster.downAfter, probeTimeoutMs: env.cluster.probeTimeoutMs },
    connector: createTargetConnector({
      dataDir: `${env.dataDir}/agents`,
      docker: (env.docker ?? parseDockerRuntimeEnv({})).driver,
      kubernetes: () => env.kubernetes ?? parseKubernetesEnv(process.env),
      log,
    }),
  });
  const recovered = await orchestrator.recover();
  const selfModify = await startSelfModify(services, env, new URL('.', ROOT).pathname, broker, log);
  if (docker) {
    // Containers labelled for agents this hub does not know (e.g. deleted meanwhile), or for
    // agents that were placed on another target since, are removed.
    const known = (await allDockerAgents(store)).filter((a) => a.targetId === null || a.targetId === configuredTargetId).map((a) => a.id);
    await docker.docker.reapOrphans(known).catch((err: Error) => log(`reaping orphan containers failed: ${err.message}`));
  }
  if (recovered.adopted || recovered.restarted) log(`recovered agents: ${recovered.adopted} adopted, ${recovered.restarted} restarted`);

  let closed = false;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    port,
    services,
    orchestrator,
    broker,
    dispatcher,
    gateway,
    ui,
    async close(options = {}) {
      if (closed) return;
      closed = true;
      if (options.stopAgents) {
        for (const { driver: d } of services.cluster.connected()) {
          for (const instance of await d.list().catch(() => [])) await orchestrator.stopAgent('hub', instance.agentId).catch(() => {});
        }
      }
      await selfModify.stop();
      await failover.stop();
      await services.cluster.stop();
      await dispatcher.stop();
      await notifications.stop();
      if (options.stopAgents) await docker?.pool?.drain();
      await orchestrator.close();
      gateway.close();
      ui.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      adapterRedis?.disconnect();
      await driver.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await broker.close();
      await store.close();
    },
  };
}

function listen(fetch: (req: Request) => Response | Promise<Response>, port: number, hostname: string): Promise<HttpServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname }, () => resolve(server as HttpServer)) as HttpServer;
    server.once('error', reject);
  });
}

/** Every Docker agent in the store, page by page (reaping must know all of them, not a first page). */
async function allDockerAgents(store: Store): Promise<Agent[]> {
  const all: Agent[] = [];
  for (let offset = 0; ; offset += 200) {
    const { items } = await store.agents.list({ runtime: 'docker', limit: 200, offset });
    all.push(...items);
    if (items.length < 200) return all;
  }
}
