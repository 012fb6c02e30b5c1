/** The hub: `npm start` runs this (after building the dashboard if needed). */
import { parseEnv, type Env } from './env.js';
import { startHub, VERSION } from './hub.js';
import { createLogger } from './observability/logger.js';

let env: Env;
try {
  env = parseEnv();
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}

const logger = createLogger();
startHub(env, { logger }, (msg) => (msg.includes('\n') ? console.log(msg) : logger.info(msg)))
  .then((hub) => {
    const store = env.databaseUrl ? 'Postgres (DATABASE_URL)' : `PGlite in ${env.dataDir}`;
    const broker = env.redisUrl ? 'Redis (REDIS_URL)' : 'in-process';
    const model = env.anthropic.apiKey ? 'Anthropic' : 'offline';
    console.log(`Hive ${VERSION} on http://localhost:${hub.port}  ·  store: ${store}  ·  broker: ${broker}  ·  runtime: ${env.runtime}  ·  model: ${model}`);
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      console.log(`${signal}: shutting down (agent workers keep running and are adopted on the next start)`);
      await hub.close();
      process.exit(0);
    };
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
  })
  .catch((err: Error) => {
    console.error(`Hive failed to start: ${err.message}`);
    process.exit(1);
  });
