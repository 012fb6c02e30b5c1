import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { AppError } from './errors.js';
import { auditWrites } from './http/audit-middleware.js';
import { authenticate } from './http/auth-middleware.js';
import { docsRouter } from './http/docs.js';
import type { AppEnv } from './http/env.js';
import { onError } from './http/errors.js';
import { observeRequests } from './http/observe-middleware.js';
import type { Logger } from './observability/logger.js';
import type { HubMetrics } from './observability/metrics.js';
import { newRouter } from './http/route.js';
import { webRouter } from './http/static.js';
import { validationHook } from './http/validation.js';
import { agentsRouter } from './routes/agents/index.js';
import { auditRouter } from './routes/audit/index.js';
import { clusterRouter } from './routes/cluster/index.js';
import { pushRouter } from './routes/push/index.js';
import { authRouter } from './routes/auth/index.js';
import { contextRouter } from './routes/context/index.js';
import { eventsRouter } from './routes/events/index.js';
import { messagesRouter } from './routes/messages/index.js';
import { selfModifyRouter } from './routes/self-modify/index.js';
import { sessionsRouter } from './routes/sessions/index.js';
import { systemRouter } from './routes/system/index.js';
import { tasksRouter } from './routes/tasks/index.js';
import { tokensRouter } from './routes/tokens/index.js';
import { usersRouter } from './routes/users/index.js';
import type { Services } from './services/index.js';

export interface AppOptions {
  services: Services;
  metrics?: HubMetrics;
  logger?: Logger;
  version: string;
  /** Directory of the built dashboard; omit to serve the API only. */
  webDist?: string;
  secureCookies: 'auto' | 'true' | 'false';
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** The API v1 routes, chained so their types add up into AppType. */
function apiV1() {
  return newRouter()
    .route('/', authRouter)
    .route('/', tokensRouter)
    .route('/', usersRouter)
    .route('/', agentsRouter)
    .route('/', sessionsRouter)
    .route('/', tasksRouter)
    .route('/', messagesRouter)
    .route('/', contextRouter)
    .route('/', systemRouter)
    .route('/', eventsRouter)
    .route('/', selfModifyRouter)
    .route('/', auditRouter)
    .route('/', clusterRouter)
    .route('/', pushRouter);
}

export type AppType = ReturnType<typeof apiV1>;

export function createApp(options: AppOptions) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.onError(onError);

  app.use('*', secureHeaders({ crossOriginEmbedderPolicy: false }));
  app.use('*', async (c, next) => {
    c.set('services', options.services);
    const proto = c.req.header('x-forwarded-proto') ?? new URL(c.req.url).protocol.replace(':', '');
    c.set('secureCookies', options.secureCookies === 'auto' ? proto === 'https' : options.secureCookies === 'true');
    await next();
  });

  if (options.metrics) {
    const { registry } = options.metrics;
    app.get('/metrics', async (c) => c.body(await registry.metrics(), 200, { 'Content-Type': registry.contentType }));
  }

  const api = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  api.use('*', requestId());
  api.use('*', observeRequests(options.metrics, options.logger));
  api.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new AppError('PAYLOAD_TOO_LARGE', `Request bodies are limited to ${MAX_BODY_BYTES} bytes`);
      },
    }),
  );
  api.use('*', authenticate);
  api.use('*', auditWrites);
  api.route('/', apiV1());

  api.openAPIRegistry.registerComponent('securitySchemes', 'cookie', { type: 'apiKey', in: 'cookie', name: 'hive_session' });
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Hive API',
      version: options.version,
      description:
        'Control room for fleets of autonomous coding agents. Authenticate with the session cookie (POST /auth/login) or `Authorization: Bearer <token>`. Each operation lists the least role it needs in `x-hive-access`.',
    },
    servers: [{ url: '/api/v1' }],
  });
  api.route('/', docsRouter);
  api.all('*', (c) => {
    throw new AppError('NOT_FOUND', `No route ${c.req.method} ${c.req.path}`);
  });

  app.route('/api/v1', api);
  app.all('/api/*', (c) => {
    throw new AppError('NOT_FOUND', `No route ${c.req.method} ${c.req.path}; the API lives under /api/v1`);
  });
  if (options.webDist) app.route('/', webRouter(options.webDist));
  return app;
}
