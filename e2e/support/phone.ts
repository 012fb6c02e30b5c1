import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Page, type TestInfo, expect } from '@playwright/test';

/** A 360 px phone with touch, as the screenshot specs use it. */
export const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

/** Kept beside the other artifacts (gitignored) so a person can look at the panels on a phone. */
export const SCREENSHOT_DIR = join(import.meta.dirname, '..', 'artifacts', 'screenshots');

/** Smallest tap target we accept (WCAG 2.5.5); a pixel of rounding is allowed. */
const MIN_TOUCH_TARGET = 43;

/** The whole page, or with `fullPage: false` what is on screen (a modal dialog sits in the viewport). */
export async function capture(page: Page, testInfo: TestInfo, name: string, fullPage = true): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage, animations: 'disabled' });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/** Nothing may scroll sideways on a phone. (A string expression: the suite has no DOM library.) */
export async function expectNoHorizontalOverflow(page: Page, where: string): Promise<void> {
  const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
  expect(overflow, `horizontal overflow on ${where}`).toBeLessThanOrEqual(0);
}

/** Every visible button and link of the app is at least 44×44 px (soft: all are reported). */
export async function expectTouchTargets(page: Page): Promise<void> {
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
