import { type APIRequestContext, expect, test } from '@playwright/test';
import { signInThroughUi, uniqueName } from './support/session.js';

interface Proposal {
  id: string;
  title: string;
  state: string;
  target: string;
}

/** A change to a config document that does not exist yet (a new name): no base to give. */
async function proposeConfig(request: APIRequestContext, title: string): Promise<Proposal> {
  const response = await request.post('/api/v1/self-modify/propose', {
    data: {
      kind: 'config',
      title,
      rationale: 'Ten seconds is too short for the slowest repository checks.\nRaise it to thirty.',
      target: uniqueName('checks').toLowerCase(),
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

test('the inbox lists a proposal made through the API; filters, the badge and its page', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/approvals');
  await signInThroughUi(page);
  const title = uniqueName('Raise the check timeout');
  const proposal = await proposeConfig(page.request, title);
  expect(['proposed', 'validating', 'awaiting_approval']).toContain(proposal.state);

  // A config change has nothing to run: it waits for a person almost at once, and the
  // inbox (awaiting approval by default) shows it without a reload.
  await expect(page.getByLabel('State', { exact: true })).toHaveValue('awaiting_approval');
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: title }) });
  await expect(row).toBeVisible({ timeout: 20_000 });
  await expect(row).toContainText('Config');
  await expect(row).toContainText(proposal.target);
  await expect(row).toContainText('admin');
  await expect(row).toContainText('Awaiting approval');

  const nav = page.getByRole('navigation', { name: 'Main' });
  await page.reload();
  const waiting = await awaitingCount(page.request);
  expect(waiting).toBeGreaterThan(0);
  await expect(nav.getByRole('link', { name: `Approvals, ${waiting} waiting` })).toBeVisible();

  await page.getByLabel('State', { exact: true }).selectOption({ label: 'All states' });
  await expect(page).toHaveURL(/\/approvals\?state=all$/);
  await expect(page.getByRole('link', { name: title })).toBeVisible();
  await page.getByLabel('State', { exact: true }).selectOption({ label: 'Rejected' });
  await expect(page).toHaveURL(/state=rejected/);
  await expect(page.getByRole('link', { name: title })).toHaveCount(0);
  await page.goBack();
  await page.getByLabel('Kind', { exact: true }).selectOption({ label: 'Prompt' });
  await expect(page.getByRole('heading', { name: 'No proposals match these filters' })).toBeVisible();
  await page.goBack();
  await page.getByLabel('Proposed by', { exact: true }).selectOption({ label: 'admin (person)' });
  await expect(page).toHaveURL(/proposer=user%3Aadmin/);
  await expect(page.getByRole('link', { name: title })).toBeVisible();

  // The proposal's own page, reached from the row and reloadable by its URL.
  await page.getByRole('link', { name: title }).click();
  await expect(page).toHaveURL(`/approvals/${proposal.id}`);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(nav.getByRole('link', { name: /^Approvals/ })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByText('Ten seconds is too short for the slowest repository checks.')).toBeVisible();
  // A new document: every line of it is added.
  await expect(page.getByText('A new document: every line is added.')).toBeVisible();
  await expect(page.getByRole('region', { name: `Changes to ${proposal.target}: ${proposal.target}` })).toContainText('timeoutSeconds: 30');
  // The admin proposed it, so the admin cannot decide on it.
  await expect(page.getByRole('button', { name: 'Approve…' })).toBeDisabled();
  await expect(page.getByText('You proposed this change: someone else must decide on it.')).toBeVisible();
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
  // The count the hub reports is replayed here for the badge's own request, so the
  // number is known whatever other specs left waiting.
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

test('an admin creates an allow-rule and revokes it, on the history page', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/approvals/history');
  await signInThroughUi(page);
  const description = uniqueName('Small QA prompt tweaks');
  await page.getByRole('button', { name: 'New allow-rule' }).click();
  await expect(page.getByLabel('Description')).toBeFocused();
  await page.getByLabel('Description').fill(description);
  await page.getByLabel('Kind').selectOption({ label: 'Prompt' });
  await page.getByLabel('Agent type (optional)', { exact: true }).fill('qa');
  await page.getByLabel('Proposing agent type (optional)').fill('meta');
  await page.getByLabel('Max changed lines').fill('20');
  await page.getByRole('button', { name: 'Create allow-rule' }).click();
  await expect(page.getByText(`Allow-rule “${description}” created.`)).toBeVisible();
  const rule = page.getByRole('list', { name: 'Allow-rules' }).getByRole('listitem').filter({ hasText: description });
  await expect(rule).toContainText('Active');
  await expect(rule).toContainText('up to 20 lines');
  await expect(rule).toContainText('by meta agents');

  await rule.getByRole('button', { name: `Revoke ${description}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke rule' }).click();
  await expect(page.getByText(`Allow-rule “${description}” revoked.`)).toBeVisible();
  await expect(rule).toContainText('Revoked');
  await expect(rule.getByRole('button', { name: /Revoke/ })).toHaveCount(0);
});
