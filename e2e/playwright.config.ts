import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { ADMIN_PASSWORD, BASE_URL, PORT } from './support/constants.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

// One fresh data directory per run. Playwright loads this file again in each worker;
// the environment variable makes them all agree on the directory the runner created.
process.env.HIVE_E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'hive-e2e-'));

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: 'artifacts',
  globalTeardown: './global-teardown.ts',
  reporter: 'list',
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: BASE_URL,
    browserName: 'chromium',
    // Debian's Chromium: these machines never download a browser.
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    serviceWorkers: 'allow',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: {
    // The real product: start.mjs builds web/dist when it is older than its sources.
    command: 'node scripts/start.mjs',
    cwd: repoRoot,
    url: `${BASE_URL}/api/v1/system/health`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(PORT),
      HIVE_DATA_DIR: process.env.HIVE_E2E_DATA_DIR,
      HIVE_ADMIN_PASSWORD: ADMIN_PASSWORD,
      // One JSON line per request would bury the test report.
      HIVE_LOG_LEVEL: 'warn',
    },
  },
});
