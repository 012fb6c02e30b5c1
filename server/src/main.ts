/** The hub: `npm start` runs this (after building the dashboard if needed). */
import { parseEnv, type Env } from './env.js';
import { startHub, VERSION } from './hub.js';
import { createLogger } from './observability/logger.js';
import { surviveClosedPostgresJsWrites } from './store/postgres-js-guard.js';
import { initTracing } from './observability/tracing.js';

let env: Env;
try {
  env = parseEnv();
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}

const logger = createLogger();
// A Postgres restart must not take the hub down with it (see postgres-js-guard.ts).
if (env.databaseUrl) surviveClosedPostgresJsWrites((msg) => logger.warn(msg));
// OpenTelemetry traces, when OTEL_EXPORTER_OTLP_ENDPOINT (or …_TRACES_ENDPOINT) is set.
const tracing = await initTracing({ serviceName: 'hive-hub', version: VERSION });
startHub(env, { logger }, (msg) => (msg.includes('\n') ? console.log(msg) : logger.info(msg)))
  .then((hub) => {
    const store = env.databaseUrl ? 'Postgres (DATABASE_URL)' : `PGlite in ${env.dataDir}`;
    const broker = env.redisUrl ? 'Redis (REDIS_URL)' : 'in-process';
    const model = env.anthropic.apiKey ? 'Anthropic' : 'offline';
    const traces = tracing ? '  ·  traces: OTLP' : '';
    console.log(`Hive ${VERSION} on http://localhost:${hub.port}  ·  store: ${store}  ·  broker: ${broker}  ·  runtime: ${env.runtime}  ·  model: ${model}${traces}`);
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      console.log(`${signal}: shutting down (agent workers keep running and are adopted on the next start)`);
      await hub.close();
      await tracing?.shutdown().catch(() => {});
      process.exit(0);
    };
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
  })
  .catch((err: Error) => {
    console.error(`Hive failed to start: ${err.message}`);
    process.exit(1);
  });
