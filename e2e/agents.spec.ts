import { expect, test } from '@playwright/test';
import { signInThroughUi, uniqueName } from './support/session.js';

test('"Start it now" is on by default and asks the hub to start the agent', async ({ page }) => {
  await page.goto('/agents');
  await signInThroughUi(page);
  await page.getByRole('button', { name: 'New agent' }).click();
  const form = page.locator('hive-agent-create-form');
  await expect(form.getByRole('checkbox', { name: 'Start it now' })).toBeChecked();

  const sent: unknown[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith('/api/v1/agents')) sent.push(request.postDataJSON());
  });
  const name = uniqueName('started-agent');
  await form.getByLabel('Name').fill(name);
  await form.getByRole('button', { name: 'Create agent' }).click();
  // The hub spawns the worker before it answers, so the new agent comes back `starting`.
  await expect(page.getByText(`Agent “${name}” created. Its worker is starting.`)).toBeVisible();
  expect(sent).toEqual([{ name, type: expect.any(String), start: true }]);
});

test('an unchecked "Start it now" creates the agent without starting it', async ({ page }) => {
  await page.goto('/agents');
  await signInThroughUi(page);
  await page.getByRole('button', { name: 'New agent' }).click();
  const form = page.locator('hive-agent-create-form');
  const name = uniqueName('idle-agent');
  await form.getByLabel('Name').fill(name);
  await form.getByRole('checkbox', { name: 'Start it now' }).uncheck();
  const created = page.waitForResponse((response) => response.request().method() === 'POST' && response.url().endsWith('/api/v1/agents'));
  await form.getByRole('button', { name: 'Create agent' }).click();
  const response = await created;
  expect(response.request().postDataJSON()).toMatchObject({ name, start: false });
  expect(((await response.json()) as { status: string }).status).toBe('created');
  await expect(page.getByRole('listitem').filter({ hasText: name })).toContainText('Created');
});

test('a runtime the hub cannot start is shown beside "Start it now"', async ({ page }) => {
  await page.goto('/agents');
  await signInThroughUi(page);
  // The e2e hub has the process runtime, so its documented 422 is replayed for this request.
  await page.route('**/api/v1/agents', (route) =>
    route.request().method() === 'POST'
      ? route.fulfill({
          status: 422,
          contentType: 'application/json',
          body: JSON.stringify({
            code: 'VALIDATION_FAILED',
            message: 'runtime: the process runtime is not configured on this hub',
            details: { issues: [{ path: 'runtime', message: 'the process runtime is not configured on this hub' }] },
          }),
        })
      : route.fallback(),
  );
  await page.getByRole('button', { name: 'New agent' }).click();
  const form = page.locator('hive-agent-create-form');
  await form.getByLabel('Name').fill(uniqueName('unstartable-agent'));
  await form.getByRole('button', { name: 'Create agent' }).click();

  await expect(form.getByRole('alert')).toHaveText('Check the field marked below.');
  await expect(form.getByText('The process runtime is not configured on this hub', { exact: true })).toBeVisible();
  await expect(form.getByRole('checkbox', { name: 'Start it now' })).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByRole('button', { name: 'Create agent' })).toBeEnabled();
});
