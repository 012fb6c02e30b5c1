import { expect, test } from '@playwright/test';
import { signInThroughUi, uniqueName } from './support/session.js';

test('changing the password names a wrong current one, then signs out everywhere', async ({ page, browser }) => {
  // A throwaway user, so the admin password the other tests use never changes.
  await page.goto('/');
  await signInThroughUi(page);
  const username = uniqueName('operator');
  const oldPassword = 'operator-password-1';
  const newPassword = 'operator-password-2';
  const created = await page.request.post('/api/v1/users', { data: { username, password: oldPassword, role: 'operator' } });
  expect(created.status(), await created.text()).toBe(201);

  const context = await browser.newContext();
  const userPage = await context.newPage();
  try {
    await userPage.goto('/settings');
    await signInThroughUi(userPage, username, oldPassword);
    await expect(userPage.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    await expect(userPage.getByText('Operator — can also create and steer')).toBeVisible();

    const form = userPage.locator('hive-password-form');
    await form.getByLabel('Current password').fill('not-my-password');
    await form.getByLabel('New password', { exact: true }).fill(newPassword);
    await form.getByLabel('Repeat the new password').fill(newPassword);
    await form.getByRole('button', { name: 'Change password' }).click();
    // The hub's 422 names the field; the form shows it beside that field.
    await expect(form.getByText('Is not your current password', { exact: true })).toBeVisible();
    await expect(form.getByRole('alert')).toHaveText('Check the field marked below.');
    await expect(form.getByLabel('Current password')).toHaveAttribute('aria-invalid', 'true');

    await form.getByLabel('Current password').fill(oldPassword);
    await form.getByRole('button', { name: 'Change password' }).click();
    await expect(userPage.getByText('Your password has been changed. Sign in with the new one.')).toBeVisible();

    await signInThroughUi(userPage, username, newPassword);
    await expect(userPage.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  } finally {
    await context.close();
  }
});

test('mismatched new passwords are caught before anything is sent', async ({ page }) => {
  await page.goto('/settings');
  await signInThroughUi(page);
  let sent = false;
  await page.route('**/api/v1/auth/password', (route) => {
    sent = true;
    return route.abort();
  });
  const form = page.locator('hive-password-form');
  await form.getByLabel('Current password').fill('whatever-it-is');
  await form.getByLabel('New password', { exact: true }).fill('first-choice-1');
  await form.getByLabel('Repeat the new password').fill('second-choice-2');
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByRole('alert')).toContainText('The two new passwords are different.');
  expect(sent).toBe(false);
});
