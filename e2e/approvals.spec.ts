import { type APIRequestContext, expect, test } from '@playwright/test';
import { signInThroughUi, uniqueName } from './support/session.js';

interface Proposal {
  id: string;
  title: string;
  state: string;
}

async function proposeConfig(request: APIRequestContext, title: string): Promise<Proposal> {
  const response = await request.post('/api/v1/self-modify/propose', {
    data: {
      kind: 'config',
      title,
      rationale: 'Ten seconds is too short for the slowest repository checks.\nRaise it to thirty.',
      target: 'hive.yaml',
      baseRef: 'main',
      content: 'checks:\n  timeoutSeconds: 30\n',
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as Proposal;
}

async function awaitingCount(request: APIRequestContext): Promise<number> {
  const response = await request.get('/api/v1/self-modify?state=awaiting_approval&limit=1');
  return ((await response.json()) as { total: number }).total;
}

test('the inbox lists a proposal made through the API; the badge counts only those awaiting approval', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/approvals');
  await signInThroughUi(page);
  const title = uniqueName('Raise the check timeout');
  const proposal = await proposeConfig(page.request, title);
  // A new proposal is `proposed` (not yet validated): it waits for nobody yet.
  expect(proposal.state).toBe('proposed');

  await page.reload();
  const nav = page.getByRole('navigation', { name: 'Main' });
  const waiting = await awaitingCount(page.request);
  if (waiting === 0) {
    // No badge at all, and the link is named plainly.
    await expect(nav.getByRole('link', { name: 'Approvals', exact: true })).toBeVisible();
    await expect(nav.locator('.badge')).toHaveCount(0);
  } else {
    await expect(nav.getByRole('link', { name: `Approvals, ${waiting} waiting` })).toBeVisible();
  }

  // By default the inbox shows what waits for approval, so not this one.
  await expect(page.getByRole('heading', { level: 1, name: 'Approvals' })).toBeVisible();
  await expect(page.getByLabel('State', { exact: true })).toHaveValue('awaiting_approval');
  await expect(page.getByRole('link', { name: title })).toHaveCount(0);

  await page.getByLabel('State', { exact: true }).selectOption({ label: 'All states' });
  await expect(page).toHaveURL(/\/approvals\?state=all$/);
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: title }) });
  await expect(row).toBeVisible();
  await expect(row).toContainText('Config');
  await expect(row).toContainText('hive.yaml');
  await expect(row).toContainText('admin');
  await expect(row).toContainText('Proposed');
  await expect(row).toContainText('Not assessed');

  await page.getByLabel('State', { exact: true }).selectOption({ label: 'Proposed' });
  await expect(page).toHaveURL(/state=proposed/);
  await expect(page.getByRole('link', { name: title })).toBeVisible();
  await page.getByLabel('Kind', { exact: true }).selectOption({ label: 'Prompt' });
  await expect(page.getByRole('heading', { name: 'No proposals match these filters' })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole('link', { name: title })).toBeVisible();

  // The proposal's own page, reached from the row and reloadable by its URL.
  await page.getByRole('link', { name: title }).click();
  await expect(page).toHaveURL(`/approvals/${proposal.id}`);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(nav.getByRole('link', { name: /^Approvals/ })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('heading', { name: 'Approving and rejecting come in a later release' })).toBeVisible();
  await expect(page.getByRole('button', { name: /approve|reject/i })).toHaveCount(0);
  await expect(page.getByText('Ten seconds is too short for the slowest repository checks.')).toBeVisible();
  await expect(page.getByLabel('Content')).toContainText('timeoutSeconds: 30');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();

  await page.getByRole('link', { name: 'All proposals' }).click();
  await expect(page).toHaveURL(/\/approvals$/);
});

test('an unknown proposal id says so inside the shell', async ({ page }) => {
  await page.goto('/approvals/00000000-0000-4000-8000-000000000000');
  await signInThroughUi(page);
  await expect(page.getByRole('heading', { name: 'There is no proposal 00000000-0000-4000-8000-000000000000' })).toBeVisible();
  await page.goto('/approvals/not-an-id');
  await expect(page.getByRole('heading', { name: 'There is no proposal not-an-id' })).toBeVisible();
});

test.describe('with a replayed count', () => {
  // page.route cannot see requests that pass through the service worker.
  test.use({ serviceWorkers: 'block' });

test('the badge names the number waiting', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/');
  await signInThroughUi(page);
  // No proposal can reach awaiting_approval without the validation service, so the
  // count the hub reports is replayed here for the badge's own request.
  await page.route('**/api/v1/self-modify?*', async (route) => {
    const url = new URL(route.request().url());
    if (url.searchParams.get('state') !== 'awaiting_approval' || url.searchParams.get('limit') !== '1') return route.fallback();
    return route.fulfill({ json: { items: [], total: 3, limit: 1, offset: 0 } });
  });
  await page.reload();
  const link = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Approvals, 3 waiting' });
  await expect(link).toBeVisible();
  await expect(link).toContainText('3');
});
});
