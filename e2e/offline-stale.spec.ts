import { expect, test } from '@playwright/test';
import { createAgentViaApi, signInThroughUi, uniqueName } from './support/session.js';

test('offline, a list keeps the last data it had, marked as stale with its time', async ({ page, context }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/agents');
  await signInThroughUi(page);
  const name = uniqueName('stale-agent');
  await createAgentViaApi(page.request, name);
  // The worker must be installed for the shell to load offline later in the test.
  await page.evaluate<boolean>('navigator.serviceWorker.ready.then(() => true)');
  await page.reload();
  const row = page.getByRole('listitem').filter({ hasText: name });
  await expect(row).toBeVisible();
  const stale = page.getByText(/Offline — showing data from/);
  await expect(stale).toHaveCount(0);

  await context.setOffline(true);
  try {
    // Away and back: the app (from the service worker) loads Agents again and cannot reach the hub.
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
    await page.goto('/agents');
    await expect(page.getByRole('heading', { level: 1, name: 'Agents' })).toBeVisible();
    await expect(stale).toBeVisible();
    await expect(row).toBeVisible();
  } finally {
    await context.setOffline(false);
  }
  // Back online, the list is live again and the stale notice goes.
  await expect(stale).toHaveCount(0);
  await expect(row).toBeVisible();
});
