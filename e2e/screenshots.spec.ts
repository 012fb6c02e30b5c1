import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Page, type TestInfo, expect, test } from '@playwright/test';
import { createAgentViaApi, createTaskViaApi, signInThroughUi, uniqueName } from './support/session.js';

/** Kept beside the other artifacts (gitignored) so a person can look at every panel on a phone. */
const SCREENSHOT_DIR = join(import.meta.dirname, 'artifacts', 'screenshots');

const PANELS = [
  { name: 'Overview', slug: 'overview' },
  { name: 'Agents', slug: 'agents' },
  { name: 'Tasks', slug: 'tasks' },
  { name: 'Cluster', slug: 'cluster' },
  { name: 'Approvals', slug: 'approvals' },
  { name: 'Context', slug: 'context' },
  { name: 'Events', slug: 'events' },
  { name: 'Settings', slug: 'settings' },
];

/** Smallest tap target we accept (WCAG 2.5.5); a pixel of rounding is allowed. */
const MIN_TOUCH_TARGET = 43;

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

async function capture(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

async function expectTouchTargets(page: Page): Promise<void> {
  const controls = page.locator('hive-app').getByRole('button').or(page.locator('hive-app').getByRole('link'));
  for (const control of await controls.all()) {
    if (!(await control.isVisible())) continue;
    const box = await control.boundingBox();
    if (!box) continue;
    const label = (await control.getAttribute('aria-label')) ?? (await control.innerText());
    expect.soft(box.height, `height of "${label.trim()}"`).toBeGreaterThanOrEqual(MIN_TOUCH_TARGET);
    expect.soft(box.width, `width of "${label.trim()}"`).toBeGreaterThanOrEqual(MIN_TOUCH_TARGET);
  }
}

test.describe('on a phone', () => {
  test.use(PHONE);

test('every panel at 360×740, reached through the menu drawer', async ({ page }, testInfo) => {
  // Eight panels, each measured control by control; live panels have many controls.
  test.setTimeout(60_000);
  await page.goto('/');
  await capture(page, testInfo, '00-login');
  await signInThroughUi(page);

  // Real rows, made through the API, so the list panels show their populated state.
  await createAgentViaApi(page.request, uniqueName('screenshot-agent'), 'frontend');
  await createTaskViaApi(page.request, uniqueName('screenshot-task'), { description: 'Rendered by the screenshot test', priority: 70 });

  // Nothing may scroll sideways on a phone. (A string expression: the suite is
  // type-checked without the DOM library.)
  const overflow = () =>
    page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');

  for (const [index, panel] of PANELS.entries()) {
    await page.getByRole('button', { name: 'Open menu' }).click();
    const menu = page.getByRole('dialog', { name: 'Menu' });
    await expect(menu).toBeVisible();
    if (index === 0) await capture(page, testInfo, '01-menu');
    // The links are slotted into the dialog, so they are found through their landmark.
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: panel.name }).click();
    await expect(menu).toBeHidden();
    await expect(page.getByRole('heading', { level: 1, name: panel.name })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: /^Loading/ })).toHaveCount(0);
    expect(await overflow(), `horizontal overflow on ${panel.name}`).toBeLessThanOrEqual(0);
    await expectTouchTargets(page);
    await capture(page, testInfo, `${String(index + 2).padStart(2, '0')}-${panel.slug}`);
  }
});

test('the dark theme follows the system preference', async ({ page }, testInfo) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/tasks');
  await signInThroughUi(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Tasks' })).toBeVisible();
  await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(15, 14, 12)');
  await capture(page, testInfo, '20-tasks-dark');
});
});

test('the desktop layout at 1280×800', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/');
  await capture(page, testInfo, '30-desktop-login');
  await signInThroughUi(page);
  for (const panel of [PANELS[0]!, PANELS[1]!, PANELS[2]!]) {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: panel.name }).click();
    await expect(page.getByRole('heading', { level: 1, name: panel.name })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: /^Loading/ })).toHaveCount(0);
    await capture(page, testInfo, `31-desktop-${panel.slug}`);
  }
});
