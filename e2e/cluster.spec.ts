import { expect, test } from '@playwright/test';
import { signInThroughUi } from './support/session.js';

interface Target {
  id: string;
  name: string;
  kind: string;
  running: number;
  capacity: number | null;
  draining: boolean;
}

test('the cluster panel shows the runtime targets the hub reports, and an admin drains and undrains one', async ({ page }) => {
  await page.goto('/cluster');
  await signInThroughUi(page);
  const response = await page.request.get('/api/v1/cluster');
  expect(response.status(), await response.text()).toBe(200);
  const { targets } = (await response.json()) as { targets: Target[] };
  expect(targets.length).toBeGreaterThan(0);

  await expect(page.getByRole('heading', { level: 1, name: 'Cluster' })).toBeVisible();
  for (const target of targets) {
    const card = page.getByRole('article', { name: target.name });
    await expect(card).toBeVisible();
    await expect(card).toContainText(target.capacity === null ? `${target.running} running` : `${target.running} of ${target.capacity} running`);
  }

  const target = targets.find((t) => !t.draining) ?? targets[0]!;
  const card = page.getByRole('article', { name: target.name });
  const wasDraining = target.draining;
  try {
    await card.getByRole('button', { name: `${wasDraining ? 'Undrain' : 'Drain'} ${target.name}` }).click();
    const dialog = page.getByRole('dialog', { name: `${wasDraining ? 'Undrain' : 'Drain'} ${target.name}?` });
    await dialog.getByRole('button', { name: wasDraining ? 'Undrain' : 'Drain', exact: true }).click();
    await expect(card.getByText('Draining', { exact: true })).toHaveCount(wasDraining ? 0 : 1);
    const after = (await (await page.request.get('/api/v1/cluster')).json()) as { targets: Target[] };
    expect(after.targets.find((t) => t.id === target.id)?.draining).toBe(!wasDraining);

    await card.getByRole('button', { name: `${wasDraining ? 'Drain' : 'Undrain'} ${target.name}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: wasDraining ? 'Drain' : 'Undrain', exact: true }).click();
    await expect(card.getByText('Draining', { exact: true })).toHaveCount(wasDraining ? 1 : 0);
  } finally {
    // Other tests start agents on this hub: never leave a target draining.
    await page.request.post(`/api/v1/cluster/targets/${encodeURIComponent(target.id)}/${wasDraining ? 'drain' : 'undrain'}`);
  }
});

test.describe('a failing endpoint', () => {
  test.use({ serviceWorkers: 'block' });

test('a cluster the hub cannot report shows its error, never made-up targets', async ({ page }) => {
  await page.goto('/cluster');
  await signInThroughUi(page);
  await page.route('**/api/v1/cluster', (route) =>
    route.fulfill({ status: 503, json: { code: 'UNAVAILABLE', message: 'The runtime driver is not answering' } }),
  );
  await page.reload();
  await expect(page.getByRole('heading', { name: "Couldn't load the cluster" })).toBeVisible();
  await expect(page.getByText('The runtime driver is not answering')).toBeVisible();
  await expect(page.getByRole('article')).toHaveCount(0);
});
});
