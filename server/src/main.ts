/** The hub: `npm start` runs this (after building the dashboard if needed). */
import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { createEmbedder } from './embedder/index.js';
import { parseEnv, type Env } from './env.js';
import { createServices } from './services/index.js';
import { openStore } from './store/index.js';

const ROOT = new URL('../../', import.meta.url);
const VERSION = (JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as { version: string }).version;

async function main(env: Env): Promise<void> {
  const store = await openStore({ databaseUrl: env.databaseUrl, dataDir: env.dataDir });
  const services = createServices({
    store,
    embedder: createEmbedder(),
    auth: env,
    system: {
      version: VERSION,
      startedAt: Date.now(),
      modelProvider: env.anthropicApiKey ? 'anthropic' : 'offline',
      modelOffline: !env.anthropicApiKey,
      repoDir: new URL('.', ROOT).pathname,
    },
  });

  const oneTimePassword = await services.auth.ensureAdmin(env.adminPassword);
  if (oneTimePassword) {
    console.log(`\n  First start: created user "admin" with password ${oneTimePassword}\n  It is shown only this once; change it under Settings.\n`);
  }

  const app = createApp({ services, version: VERSION, webDist: env.webDist, secureCookies: env.secureCookies });
  const server = serve({ fetch: app.fetch, port: env.port, hostname: env.host }, (info) => {
    const where = env.databaseUrl ? 'Postgres (DATABASE_URL)' : `PGlite in ${env.dataDir}`;
    console.log(`Hive ${VERSION} on http://localhost:${info.port}  ·  store: ${where}`);
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    server.close();
    await store.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

let env: Env;
try {
  env = parseEnv();
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
main(env).catch((err: Error) => {
  console.error(`Hive failed to start: ${err.message}`);
  process.exit(1);
});
