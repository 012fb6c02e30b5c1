import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** Where `npm run dev` finds the hub; the dashboard itself always calls same-origin paths. */
const hubOrigin = process.env.HIVE_HUB_ORIGIN ?? 'http://127.0.0.1:3000';

/** Brand colours, shared by the manifest and index.html's theme-color. */
const INK = '#1c1917';
const PAPER = '#f7f5f0';

export default defineConfig({
  root: webRoot,
  // Run from the repository root (`vite build --config web/vite.config.ts`), the env
  // files and cache still belong to the dashboard.
  envDir: webRoot,
  cacheDir: fileURLToPath(new URL('../node_modules/.vite/web', import.meta.url)),
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    rolldownOptions: {
      output: {
        // Lit in a chunk of its own: it changes far less often than the app, so browsers
        // and the service worker keep it across deploys.
        codeSplitting: {
          groups: [{ name: 'lit', test: /node_modules[\\/](lit|lit-html|lit-element|@lit)[\\/]/ }],
        },
      },
    },
  },
  server: {
    port: 5173,
    // The dashboard imports types (and could import schemas) from ../shared.
    fs: { allow: [repoRoot] },
    proxy: {
      '/api': { target: hubOrigin, changeOrigin: false },
      '/socket.io': { target: hubOrigin, ws: true },
    },
  },
  preview: {
    proxy: {
      '/api': { target: hubOrigin },
      '/socket.io': { target: hubOrigin, ws: true },
    },
  },
  plugins: [
    VitePWA({
      strategies: 'generateSW',
      // A new version waits until the user accepts it (the shell shows a banner), so an
      // update never reloads the page under someone typing in a form.
      registerType: 'prompt',
      // The app registers the worker itself (src/pwa/register-service-worker.ts).
      injectRegister: false,
      includeAssets: ['favicon.svg', 'icons/apple-touch-icon-180.png'],
      manifest: {
        id: '/',
        name: 'Hive',
        short_name: 'Hive',
        description: 'Control room for fleets of autonomous coding agents',
        lang: 'en',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: INK,
        background_color: PAPER,
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // The app shell: every built asset, so the dashboard opens without a network.
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        navigateFallback: '/index.html',
        // API calls and the socket must always reach the hub; only page navigations fall
        // back to the shell (the hub does the same SPA fallback on the server side).
        navigateFallbackDenylist: [/^\/api\//, /^\/socket\.io\//],
        cleanupOutdatedCaches: true,
        // Push and notification clicks (public/sw-push.js): Workbox writes the rest of the worker.
        importScripts: ['/sw-push.js'],
        // No runtimeCaching on purpose: API data is live state and is never served stale.
      },
    }),
  ],
});
