import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Page, type TestInfo, expect, test } from '@playwright/test';
import { createTaskViaApi, signInThroughUi, stopAgentNamed, uniqueName } from './support/session.js';

/** Beside the shell's screenshots (gitignored): every live panel on a phone, with real data. */
const SCREENSHOT_DIR = join(import.meta.dirname, 'artifacts', 'screenshots');
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
/** Smallest tap target we accept (WCAG 2.5.5); a pixel of rounding is allowed. */
const MIN_TOUCH_TARGET = 43;

async function capture(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/** No sideways scrolling, no loading spinner left, every button and link big enough to tap. */
async function checkPhoneLayout(page: Page, what: string): Promise<void> {
  await expect(page.getByRole('status').filter({ hasText: /^Loading/ })).toHaveCount(0);
  const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
  expect(overflow, `horizontal overflow on ${what}`).toBeLessThanOrEqual(0);
  const controls = page.locator('hive-app').getByRole('button').or(page.locator('hive-app').getByRole('link'));
  for (const control of await controls.all()) {
    if (!(await control.isVisible())) continue;
    const box = await control.boundingBox();
    if (!box) continue;
    const label = (await control.getAttribute('aria-label')) ?? (await control.innerText());
    expect.soft(box.height, `height of "${label.trim()}" on ${what}`).toBeGreaterThanOrEqual(MIN_TOUCH_TARGET);
    expect.soft(box.width, `width of "${label.trim()}" on ${what}`).toBeGreaterThanOrEqual(MIN_TOUCH_TARGET);
  }
}

test.describe('live panels on a phone', () => {
  test.use(PHONE);

  test('overview, agents, an agent, the board, a task and the events at 360×740', async ({ page }, testInfo) => {
    test.setTimeout(90_000);
    await page.goto('/agents');
    await signInThroughUi(page);

    // A working agent and a finished task, so every panel shows real, live data.
    const agentName = uniqueName('phone-agent');
    await page.getByRole('button', { name: 'New agent' }).click();
    const form = page.locator('hive-agent-create-form');
    await form.getByLabel('Name').fill(agentName);
    await form.getByLabel('Type').selectOption('devops');
    await form.getByRole('button', { name: 'Create agent' }).click();
    const row = page.getByRole('list', { name: 'Agents' }).getByRole('listitem').filter({ hasText: agentName });
    await expect(row).toContainText('Idle', { timeout: 30_000 });
    const task = await createTaskViaApi(page.request, uniqueName('phone-task'), {
      type: 'devops',
      description: 'List the workspace and write a short note.',
      priority: 70,
    });
    await createTaskViaApi(page.request, uniqueName('phone-waiting'), { type: 'meta', priority: 30 });

    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
    await expect(page.getByRole('img', { name: /^Completed tasks per minute/ })).toBeVisible();
    await checkPhoneLayout(page, 'Overview');
    await capture(page, testInfo, 'live-01-overview');

    await page.goto('/agents');
    await expect(row).toBeVisible();
    await checkPhoneLayout(page, 'Agents');
    await capture(page, testInfo, 'live-02-agents');

    await row.getByRole('link', { name: agentName }).click();
    await expect(page.getByRole('heading', { level: 1, name: agentName })).toBeVisible();
    await expect(page.getByRole('log', { name: `Activity of ${agentName}` })).toBeVisible();
    await checkPhoneLayout(page, 'the agent page');
    await capture(page, testInfo, 'live-03-agent');

    await page.goto('/tasks');
    await expect(page.getByRole('region', { name: 'Task board' })).toBeVisible();
    await page.getByRole('tab', { name: /^Completed/ }).click();
    await expect(page.getByRole('list', { name: 'Completed tasks' }).getByRole('link', { name: task.title })).toBeVisible({ timeout: 60_000 });
    await page.getByRole('tab', { name: /^Ready/ }).click();
    await checkPhoneLayout(page, 'the task board');
    await capture(page, testInfo, 'live-04-tasks');

    await page.goto(`/tasks/${task.id}`);
    await expect(page.getByRole('heading', { level: 1, name: task.title })).toBeVisible();
    await expect(page.getByRole('log', { name: `Output of “${task.title}”` })).toContainText('Offline model');
    await checkPhoneLayout(page, 'the task page');
    await capture(page, testInfo, 'live-05-task');

    await page.goto('/events');
    await expect(page.getByRole('log', { name: 'Events, oldest first' })).toContainText('Task updated');
    await checkPhoneLayout(page, 'Events');
    await capture(page, testInfo, 'live-06-events');
    await stopAgentNamed(page.request, agentName);
  });

  test('the board and a task in the dark theme', async ({ page }, testInfo) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto('/tasks');
    await signInThroughUi(page);
    await expect(page.getByRole('region', { name: 'Task board' })).toBeVisible();
    await capture(page, testInfo, 'live-10-tasks-dark');
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: /^Loading/ })).toHaveCount(0);
    await capture(page, testInfo, 'live-11-overview-dark');
  });
});

test('the board on a desktop', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/tasks');
  await signInThroughUi(page);
  await expect(page.getByRole('region', { name: 'Task board' })).toBeVisible();
  await capture(page, testInfo, 'live-20-desktop-tasks');
  await page.goto('/');
  await expect(page.getByRole('status').filter({ hasText: /^Loading/ })).toHaveCount(0);
  await capture(page, testInfo, 'live-21-desktop-overview');
});
