import { expect, test } from '@playwright/test';
import { PHONE, capture, expectNoHorizontalOverflow, expectTouchTargets } from './support/phone.js';
import { signInThroughUi, uniqueName } from './support/session.js';

const DIFF = `diff --git a/server/src/env.ts b/server/src/env.ts
--- a/server/src/env.ts
+++ b/server/src/env.ts
@@ -12,7 +12,7 @@ export const Env = z.object({
   PORT: z.coerce.number().int().default(3000),
-  CHECK_TIMEOUT_SECONDS: z.coerce.number().int().default(10),
+  CHECK_TIMEOUT_SECONDS: z.coerce.number().int().default(30),
   HIVE_DATA_DIR: z.string().default('.hive'),
 });`;

test.describe('the control panels on a phone', () => {
  test.use(PHONE);

test('settings, cluster, approvals and a proposal at 360×740', async ({ page }, testInfo) => {
  await page.goto('/settings');
  await signInThroughUi(page);
  // Real rows, made through the API, so each panel shows its populated state.
  const token = await page.request.post('/api/v1/tokens', { data: { name: uniqueName('phone-token'), expiresInDays: 30 } });
  expect(token.status(), await token.text()).toBe(201);
  const proposed = await page.request.post('/api/v1/self-modify/propose', {
    data: {
      kind: 'code_patch',
      title: 'Give the repository checks more time',
      rationale: 'The slowest repository needs about 25 s for its checks; 10 s fails them at random.',
      target: 'hive',
      baseRef: 'main',
      content: DIFF,
    },
  });
  expect(proposed.status(), await proposed.text()).toBe(201);
  const proposal = (await proposed.json()) as { id: string };

  const shots: Array<{ path: string; heading: string | RegExp; name: string }> = [
    { path: '/settings', heading: 'Settings', name: '40-settings' },
    { path: '/cluster', heading: 'Cluster', name: '42-cluster' },
    { path: '/approvals?state=all', heading: 'Approvals', name: '43-approvals-inbox' },
    { path: `/approvals/${proposal.id}`, heading: 'Give the repository checks more time', name: '44-proposal' },
  ];
  for (const shot of shots) {
    await page.goto(shot.path);
    await expect(page.getByRole('heading', { level: 1, name: shot.heading })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: /^(Loading|Checking)/ })).toHaveCount(0);
    await expectNoHorizontalOverflow(page, shot.path);
    await expectTouchTargets(page);
    await capture(page, testInfo, shot.name);
  }

  // The one-time secret dialog, on a phone.
  await page.goto('/settings');
  const tokens = page.locator('hive-token-manager');
  await tokens.getByRole('button', { name: 'New token' }).click();
  await tokens.getByLabel('Name').fill(uniqueName('phone-secret'));
  await tokens.getByRole('button', { name: 'Create token' }).click();
  await expect(page.getByRole('dialog', { name: 'Copy your new token' })).toBeVisible();
  await capture(page, testInfo, '41-settings-token-secret', false);
  await page.getByRole('dialog', { name: 'Copy your new token' }).getByRole('button', { name: 'Done' }).click();

  // Dark, chosen in Settings.
  await page.getByRole('radio', { name: 'Dark' }).check();
  await page.goto(`/approvals/${proposal.id}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Give the repository checks more time' })).toBeVisible();
  await capture(page, testInfo, '45-proposal-dark');
  await page.goto('/approvals?state=all');
  await expect(page.getByRole('heading', { level: 1, name: 'Approvals' })).toBeVisible();
  await capture(page, testInfo, '46-approvals-inbox-dark');
  await page.goto('/cluster');
  await expect(page.getByRole('heading', { level: 1, name: 'Cluster' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /^Loading/ })).toHaveCount(0);
  await capture(page, testInfo, '47-cluster-dark');
  await page.goto('/settings');
  await page.getByRole('radio', { name: 'Match the system' }).check();
});
});

test('the approvals inbox and cluster at 1280×800', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/approvals?state=all');
  await signInThroughUi(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Approvals' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /^Loading/ })).toHaveCount(0);
  await capture(page, testInfo, '48-desktop-approvals');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cluster' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Cluster' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /^Loading/ })).toHaveCount(0);
  await capture(page, testInfo, '49-desktop-cluster');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await capture(page, testInfo, '50-desktop-settings');
});
