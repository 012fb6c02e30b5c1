/**
 * Agent worker entry point (its own process, container or pod). Configuration comes from the
 * environment the runtime driver sets; the worker never sees database or Redis credentials.
 */
import { z } from 'zod';
import { OfflineModel } from '../model/offline.js';
import type { ModelProvider } from '../model/port.js';
import { initTracing } from '../observability/tracing.js';
import { prepareWorkerIdentity } from './identity.js';
import { workspaceTools } from './tools/index.js';
import { AgentWorker } from './worker.js';

/**
 * The offline model unless a key is set (the rule of createModelProvider). The Anthropic SDK is
 * imported only then: it is a third of the worker's bundle, and an offline worker never needs it.
 */
async function loadModelProvider(env: NodeJS.ProcessEnv): Promise<ModelProvider> {
  if (!env.ANTHROPIC_API_KEY?.trim()) return new OfflineModel();
  const { createModelProvider } = await import('../model/index.js');
  return createModelProvider(env);
}

const Env = z.object({
  HIVE_HUB_URL: z.url(),
  // Other hub replicas to fail over to, comma-separated (optional).
  HIVE_HUB_URLS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((u) => u.trim()).filter(Boolean))
    .pipe(z.array(z.url())),
  HIVE_AGENT_ID: z.uuid(),
  HIVE_AGENT_TOKEN: z.string().min(10),
  HIVE_WORKSPACE: z.string().default(process.cwd()),
  HIVE_HEARTBEAT_MS: z.coerce.number().int().min(100).default(5000),
});

// A parked (warm-pool) container waits here until it is given an agent's identity.
await prepareWorkerIdentity();
const parsed = Env.safeParse(process.env);
if (!parsed.success) {
  console.error(`agent worker: bad environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  process.exit(2);
}
const env = parsed.data;
const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);
const model = await loadModelProvider(process.env);
// The token is in our environment only for the handshake; keep it out of every child process.
delete process.env.HIVE_AGENT_TOKEN;
log(`agent ${env.HIVE_AGENT_ID} starting; model ${model.name}/${model.model}${model.offline ? ' (offline)' : ''}`);
// Spans of the tasks we work, exported when the hub passed an OTLP endpoint on (OTEL_*).
const tracing = await initTracing({ serviceName: 'hive-agent', attributes: { 'hive.agent.id': env.HIVE_AGENT_ID } });
if (tracing) log('tracing: exporting spans over OTLP');

const worker = new AgentWorker({
  hubUrl: [env.HIVE_HUB_URL, ...env.HIVE_HUB_URLS],
  agentId: env.HIVE_AGENT_ID,
  token: env.HIVE_AGENT_TOKEN,
  workspace: env.HIVE_WORKSPACE,
  heartbeatMs: env.HIVE_HEARTBEAT_MS,
  model,
  workspaceTools: workspaceTools(),
  log,
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    log(`${signal}: stopping`);
    worker.stop();
    // Flush the spans still batched, but never wait on a collector to exit.
    void tracing?.shutdown().catch(() => {});
    setTimeout(() => process.exit(0), tracing ? 1000 : 200).unref();
  });
}
