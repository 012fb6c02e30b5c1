import { expect, test } from '@playwright/test';
import { signInThroughUi } from './support/session.js';

test('the service worker serves the app shell offline', async ({ page, context }) => {
  await page.goto('/');
  await signInThroughUi(page);

  // `ready` resolves once a worker is active, i.e. after its install step precached the shell.
  // (A string expression: the suite is type-checked without the DOM library.)
  const scope = await page.evaluate<string>('navigator.serviceWorker.ready.then((registration) => registration.scope)');
  expect(scope).toBe(new URL('/', page.url()).href);

  await context.setOffline(true);
  try {
    await page.reload();
    // The shell renders from the precache: brand, navigation and an honest offline notice.
    await expect(page.getByRole('link', { name: 'Hive overview' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    await expect(page.getByText("Hive can't reach the hub.")).toBeVisible();
    // Data panels say they cannot load rather than showing anything stale or invented.
    await expect(page.getByRole('heading', { name: "Couldn't load fleet counts" })).toBeVisible();

    // A deep link that was never visited still gets the shell (navigateFallback).
    await page.goto('/tasks');
    await expect(page.getByRole('heading', { level: 1, name: 'Tasks' })).toBeVisible();
  } finally {
    await context.setOffline(false);
  }

  // Back online, the app notices by itself: the notice goes and the panel loads again.
  await expect(page.getByText("Hive can't reach the hub.")).toHaveCount(0);
  await expect(page.getByRole('heading', { name: "Couldn't load tasks" })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Task board' }).or(page.getByRole('heading', { name: 'No tasks yet' }))).toBeVisible();
});
