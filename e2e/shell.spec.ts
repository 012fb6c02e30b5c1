import { expect, test } from '@playwright/test';
import { signInThroughUi, uniqueName } from './support/session.js';

const PANELS = ['Overview', 'Agents', 'Tasks', 'Cluster', 'Approvals', 'Context', 'Events', 'Settings'];

test('the sidebar reaches every panel, by mouse and by keyboard', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/');
  await signInThroughUi(page);
  const nav = page.getByRole('navigation', { name: 'Main' });

  for (const name of PANELS) {
    await nav.getByRole('link', { name }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await expect(nav.getByRole('link', { name })).toHaveAttribute('aria-current', 'page');
    await expect(page).toHaveTitle(`${name} · Hive`);
  }

  // Keyboard: focus a link, press Enter, and focus lands on the new content.
  await nav.getByRole('link', { name: 'Tasks' }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/tasks$/);
  await expect(page.locator('hive-app main')).toBeFocused();

  // Back and forward move between panels.
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
});

test('the first Tab reaches the skip link, which moves focus to the content', async ({ page }) => {
  await page.goto('/');
  await signInThroughUi(page);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('hive-app main')).toBeFocused();
});

test('panels that are not built yet say so and show no data', async ({ page }) => {
  await page.goto('/approvals');
  await signInThroughUi(page);
  for (const path of ['/context']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { name: 'Coming in a later release' })).toBeVisible();
    await expect(page.locator('hive-app main').getByRole('listitem')).toHaveCount(0);
  }
});

test('an unknown path shows a not-found page inside the shell', async ({ page }) => {
  await page.goto('/no-such-page');
  await signInThroughUi(page);
  await expect(page.getByRole('heading', { name: 'There is no page at /no-such-page' })).toBeVisible();
  await page.getByRole('link', { name: 'Go to the overview' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
});

test('a viewer sees the lists but no write controls', async ({ page, browser }) => {
  await page.goto('/');
  await signInThroughUi(page);
  const username = uniqueName('viewer');
  const password = 'viewer-password-1';
  const created = await page.request.post('/api/v1/users', { data: { username, password, role: 'viewer' } });
  expect(created.status(), await created.text()).toBe(201);

  const viewerContext = await browser.newContext();
  const viewerPage = await viewerContext.newPage();
  try {
    await viewerPage.goto('/agents');
    await signInThroughUi(viewerPage, username, password);
    await expect(viewerPage.getByRole('group', { name: `Signed in as ${username}, Viewer` })).toBeVisible();
    await expect(viewerPage.getByRole('heading', { level: 1, name: 'Agents' })).toBeVisible();
    await expect(viewerPage.getByRole('button', { name: 'New agent' })).toHaveCount(0);
    await viewerPage.goto('/tasks');
    await expect(viewerPage.getByRole('heading', { level: 1, name: 'Tasks' })).toBeVisible();
    await expect(viewerPage.getByRole('button', { name: 'New task' })).toHaveCount(0);
  } finally {
    await viewerContext.close();
  }
});

test('signing out returns to the sign-in page, and the session is gone', async ({ page }) => {
  await page.goto('/');
  await signInThroughUi(page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Hive' })).toBeVisible();
  await expect(page.getByText('You have signed out.')).toBeVisible();
  const me = await page.request.get('/api/v1/auth/me');
  expect(me.status()).toBe(401);
});
