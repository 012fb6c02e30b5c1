import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';

/**
 * The built dashboard: files as they are (hashed assets cached for a year), and index.html
 * for every other path so client-side routes survive a reload.
 */
export function webRouter(distDir: string) {
  const router = new Hono();
  if (!existsSync(distDir)) {
    router.get('*', (c) => c.text(`The dashboard is not built: run "npm run build:web" (looked in ${distDir}).`, 503));
    return router;
  }
  const root = relative(process.cwd(), distDir) || '.';
  router.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=31536000, immutable');
  });
  router.use('*', serveStatic({ root }));
  router.get('*', async (c) => {
    // The service worker must be revalidated on every load so updates roll out.
    c.header('Cache-Control', 'no-cache');
    return c.html(await readFile(`${distDir}/index.html`, 'utf8'));
  });
  return router;
}
