import { expect, test } from '@playwright/test';
import { ADMIN_USERNAME } from './support/constants.js';
import { createAgentViaApi, signInThroughUi, uniqueName } from './support/session.js';

test('signs in through the UI and lists an agent created through the API', async ({ page }) => {
  await page.goto('/agents');
  await signInThroughUi(page);

  // The deep link survives sign-in.
  await expect(page).toHaveURL(/\/agents$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Agents' })).toBeVisible();
  await expect(page.getByRole('group', { name: `Signed in as ${ADMIN_USERNAME}, Admin` })).toBeVisible();

  // page.request shares the browser context's cookies: this is the signed-in session.
  const name = uniqueName('e2e-agent');
  await createAgentViaApi(page.request, name, 'backend');
  await page.reload();

  const row = page.getByRole('listitem').filter({ hasText: name });
  await expect(row).toBeVisible();
  await expect(row).toContainText('Backend');
  await expect(row).toContainText('Created');

  // Searching narrows the list and is kept in the URL.
  await page.getByRole('searchbox', { name: 'Search agents' }).fill(name);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${name}`));
  await expect(page.getByRole('list', { name: 'Agents' }).getByRole('listitem')).toHaveCount(1);

  // A filter with no match shows the filtered empty state, and clearing it restores the list.
  await page.getByLabel('Status').selectOption('failed');
  await expect(page.getByRole('heading', { name: 'No agents match these filters' })).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).toHaveURL(/\/agents$/);
  await expect(page.getByRole('listitem').filter({ hasText: name })).toBeVisible();
});

test('creates an agent and a task with the forms', async ({ page }) => {
  await page.goto('/agents');
  await signInThroughUi(page);

  const agentName = uniqueName('form-agent');
  await page.getByRole('button', { name: 'New agent' }).click();
  await page.getByLabel('Name').fill(agentName);
  await page.locator('hive-agent-create-form').getByLabel('Type').selectOption('qa');
  await page.getByRole('button', { name: 'Create agent' }).click();
  await expect(page.getByText(`Agent “${agentName}” created.`)).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: agentName })).toContainText('QA');

  await page.getByRole('link', { name: 'Tasks' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tasks' })).toBeVisible();
  const title = uniqueName('form-task');
  await page.getByRole('button', { name: 'New task' }).click();
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Priority').fill('80');
  await page.getByRole('button', { name: 'Create task' }).click();
  await expect(page.getByText(`Task “${title}” created.`)).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: title })).toContainText('Priority 80');
});

test('a wrong password shows the error from the API', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Username').fill(ADMIN_USERNAME);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page.getByRole('alert')).toContainText('Wrong username or password');
  await expect(page.getByLabel('Password')).toHaveValue('');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
});

test('a rate-limited login counts down from Retry-After with the button disabled', async ({ page }) => {
  // A real lockout would also block this test run's other logins from 127.0.0.1, so the
  // hub's documented 429 answer is replayed for this one request instead.
  await page.route('**/api/v1/auth/login', (route) =>
    route.fulfill({
      status: 429,
      headers: { 'retry-after': '7' },
      contentType: 'application/json',
      body: JSON.stringify({ code: 'RATE_LIMITED', message: 'Too many failed logins; try again in 7 s' }),
    }),
  );
  await page.goto('/');
  await page.getByLabel('Username').fill(ADMIN_USERNAME);
  await page.getByLabel('Password').fill('whatever');
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page.getByRole('alert')).toContainText(/Too many attempts, try again in [67] s/);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeDisabled();
});
