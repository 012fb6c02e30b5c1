import { type Page, type Route, expect, test } from '@playwright/test';
import { PHONE, capture, expectNoHorizontalOverflow, expectTouchTargets } from './support/phone.js';
import { FIXTURE_IDS, HISTORY, type ProposalFixture, RULES, TRAIL, failedProposal, patchProposal, promptProposal } from './support/proposal-fixtures.js';
import { signInThroughUi } from './support/session.js';

/*
 * The approvals UI against replayed hub answers for /self-modify: states a test cannot
 * easily produce for real (a proposal changing under an open page, failed checks,
 * conflicts, an automatic rollback) drawn exactly as the contract describes them. The
 * real flow, end to end, is approval-flow.spec.ts.
 */

// page.route cannot see requests that pass through the service worker.
test.use({ serviceWorkers: 'block' });

type Fixture = ProposalFixture;

interface Hub {
  proposals: Map<string, Fixture>;
  posts: { path: string; body: Record<string, unknown> }[];
  /** The next approve answers 409 and the proposal's content changes (another push of the patch). */
  changeOnNextApprove: boolean;
  /** Every decision answers 409: the proposal was already taken to this state by someone else. */
  decidedElsewhere?: 'rejected' | 'approved';
}

async function replayHub(page: Page, hub: Hub): Promise<void> {
  await page.route(
    (url) => url.pathname.startsWith('/api/v1/self-modify'),
    async (route: Route) => {
      const request = route.request();
      const url = new URL(request.url());
      const path = url.pathname.replace('/api/v1/self-modify', '');
      if (request.method() === 'POST') {
        const body = (request.postDataJSON() ?? {}) as Record<string, unknown>;
        hub.posts.push({ path, body });
        const [, id, action] = path.split('/');
        const proposal = hub.proposals.get(id ?? '');
        if (!proposal) return route.fulfill({ status: 404, json: { code: 'NOT_FOUND', message: 'No such proposal' } });
        if (action === 'approve' && hub.changeOnNextApprove) {
          hub.changeOnNextApprove = false;
          hub.proposals.set(proposal.id, {
            ...proposal,
            contentHash: 'f'.repeat(64),
            content: `${proposal.content}diff --git a/CHANGELOG.md b/CHANGELOG.md\n--- a/CHANGELOG.md\n+++ b/CHANGELOG.md\n@@ -1 +1,2 @@\n # Changes\n+- Greetings end with punctuation.\n`,
          });
          return route.fulfill({
            status: 409,
            json: { code: 'CONFLICT', message: 'The proposal changed since it was reviewed (stale content hash).', details: { contentHash: 'f'.repeat(64) } },
          });
        }
        if (hub.decidedElsewhere) {
          // Another approver was first: the hub names the state it is in now.
          const decided = { ...proposal, state: hub.decidedElsewhere };
          hub.proposals.set(proposal.id, decided);
          return route.fulfill({
            status: 409,
            json: { code: 'CONFLICT', message: `the proposal is ${hub.decidedElsewhere}; only a proposal awaiting approval can be decided`, details: { state: hub.decidedElsewhere } },
          });
        }
        const state = action === 'approve' ? 'approved' : action === 'reject' ? 'rejected' : 'rolled_back';
        const next = { ...proposal, state };
        hub.proposals.set(proposal.id, next);
        return route.fulfill({ json: next });
      }
      if (path === '' || path === '/') {
        const wanted = url.searchParams.get('state');
        const items = [...hub.proposals.values()].filter((proposal) => !wanted || proposal.state === wanted);
        const limit = Number(url.searchParams.get('limit') ?? 50);
        return route.fulfill({ json: { items: items.slice(0, limit), total: items.length, limit, offset: 0 } });
      }
      if (path === '/history') return route.fulfill({ json: { items: HISTORY, total: HISTORY.length, limit: 50, offset: 0 } });
      if (path === '/rules') return route.fulfill({ json: { items: RULES } });
      const [, id, sub] = path.split('/');
      const proposal = hub.proposals.get(id ?? '');
      if (!proposal) return route.fulfill({ status: 404, json: { code: 'NOT_FOUND', message: 'No such proposal' } });
      if (sub === 'trail') return route.fulfill({ json: { items: TRAIL } });
      return route.fulfill({ json: proposal });
    },
  );
}

function newHub(): Hub {
  const proposals = [patchProposal(), promptProposal(), failedProposal()];
  return { proposals: new Map(proposals.map((proposal) => [proposal.id, proposal])), posts: [], changeOnNextApprove: false };
}

test.describe('on a phone', () => {
  test.use(PHONE);

  test('inbox cards, the proposal page, and an approval that meets a changed proposal (409) then goes through', async ({ page }, testInfo) => {
    test.setTimeout(60_000);
    const hub = newHub();
    hub.changeOnNextApprove = true;
    await replayHub(page, hub);
    await page.goto('/approvals');
    await signInThroughUi(page);

    // The inbox: waiting proposals as cards, with risk, checks and the conflict marker.
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Greet with punctuation' }) });
    await expect(row).toContainText('Medium risk');
    await expect(row).toContainText('Checks passed');
    await expect(row).toContainText('Conflicts with 1 other');
    await expect(page.getByRole('row').filter({ hasText: 'Shorter greetings' })).toContainText('Checks failed');
    await expect(page.getByRole('link', { name: 'Ask QA for a test plan first' })).toHaveCount(0);
    await expect(page.getByLabel('Risk', { exact: true })).toBeVisible();
    await expectNoHorizontalOverflow(page, 'the inbox');
    await capture(page, testInfo, 'approvals-inbox-phone');

    await page.getByRole('link', { name: 'Greet with punctuation' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Greet with punctuation' })).toBeVisible();
    // 360 px is too narrow for two columns of code: unified, and it says so.
    await expect(page.getByRole('button', { name: 'Side by side' })).toBeDisabled();
    await expect(page.getByText('Side by side needs a wider screen')).toBeVisible();
    await expect(page.getByRole('region', { name: 'Changes to hive: server/src/greeting.ts' })).toContainText('Hello, ${name}${punctuation}');
    await expect(page.getByText('server/src/greeting.ts', { exact: true })).toBeVisible();
    // The file header counts come from diffStat.
    await expect(page.getByLabel('5 added, 2 removed')).toBeVisible();
    await expect(page.getByLabel('Validation output')).toContainText('13 passed');
    await expect(page.getByText('Restricted child process')).toBeVisible();
    await expect(page.getByText('Touches no tests')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Ask QA for a test plan first' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Audit trail' })).toContainText('agent:greeter');
    await expectNoHorizontalOverflow(page, 'the proposal page');
    await expectTouchTargets(page);
    await capture(page, testInfo, 'approvals-proposal-phone');
    // What a person sees on screen, section by section (the full page has the sticky bar mid-way).
    await capture(page, testInfo, 'approvals-proposal-top-phone', false);
    await page.getByRole('heading', { name: 'Validation' }).scrollIntoViewIfNeeded();
    await capture(page, testInfo, 'approvals-validation-phone', false);
    await page.getByRole('region', { name: 'Changes to hive: server/src/greeting.ts' }).scrollIntoViewIfNeeded();
    await capture(page, testInfo, 'approvals-diff-phone', false);

    // The decision bar sticks to the bottom of the screen.
    const approve = page.getByRole('button', { name: 'Approve…' });
    const box = await approve.boundingBox();
    expect(box && box.y + box.height).toBeGreaterThan(600);
    await expect(page.getByRole('region', { name: 'Decision' })).toHaveCSS('position', 'fixed');

    await approve.click();
    const dialog = page.getByRole('dialog', { name: 'Approve this proposal?' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('aaaaaaaaaaaa');
    await expect(dialog.getByLabel('Comment (optional)')).toBeFocused();
    await dialog.getByLabel('Comment (optional)').fill('Looks right.');
    await capture(page, testInfo, 'approvals-approve-dialog-phone', false);
    await dialog.getByRole('button', { name: 'Approve' }).click();

    // The hub refused: the hash was stale. It says so and shows the new version.
    await expect(page.getByText('Not recorded: the proposal changed.')).toBeVisible();
    // Focus lands on the outcome, not on <body>.
    await expect(page.locator('#decision-outcome')).toBeFocused();
    await expect(page.getByText('This proposal changed while you had it open.')).toBeVisible();
    await expect(page.getByText('CHANGELOG.md', { exact: true })).toBeVisible();
    expect(hub.posts[0]).toEqual({ path: `/${FIXTURE_IDS.patch}/approve`, body: { contentHash: 'a'.repeat(64), comment: 'Looks right.' } });
    await capture(page, testInfo, 'approvals-conflict-phone');

    await page.getByRole('button', { name: 'Approve…' }).click();
    await expect(page.getByRole('dialog', { name: 'Approve this proposal?' })).toContainText('ffffffffffff');
    await page.getByRole('dialog').getByRole('button', { name: 'Approve' }).click();
    await expect(page.getByText('Approved.')).toBeVisible();
    await expect(page.locator('#decision-outcome')).toBeFocused();
    expect(hub.posts[1]?.body).toEqual({ contentHash: 'f'.repeat(64) });
    // Approved: nothing left to decide, and the buttons say why.
    await expect(page.getByRole('button', { name: 'Approve…' })).toBeDisabled();
    await expect(page.getByText('only a proposal awaiting approval can be decided')).toBeVisible();
    // With nothing to do, the reason is inline rather than a bar covering the page.
    await expect(page.getByRole('region', { name: 'Decision' })).toHaveCSS('position', 'static');
  });

  test('history with rollback and the allow-rules', async ({ page }, testInfo) => {
    const hub = newHub();
    hub.proposals.set(FIXTURE_IDS.patch, patchProposal({ state: 'applied' }));
    await replayHub(page, hub);
    await page.goto('/approvals/history');
    await signInThroughUi(page);
    await expect(page.getByRole('link', { name: 'History' })).toHaveAttribute('aria-current', 'page');
    const entries = page.getByRole('list', { name: 'Applied and rolled back changes' }).getByRole('listitem');
    await expect(entries).toHaveCount(3);
    await expect(entries.nth(1)).toContainText('Automatic (health check failed)');
    await expect(entries.nth(1)).toContainText('Health check failed: GET /health answered 500');
    // Only the apply of a proposal still applied can be rolled back.
    await expect(page.getByRole('button', { name: /^Rollback/ })).toHaveCount(1);
    await expect(page.getByRole('list', { name: 'Allow-rules' })).toContainText('Small QA prompt tweaks by the meta agent');
    await expect(page.getByRole('button', { name: 'New allow-rule' })).toBeVisible();
    await expectNoHorizontalOverflow(page, 'the history');
    await capture(page, testInfo, 'approvals-history-phone');

    await page.getByRole('button', { name: /^Rollback/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Roll back this change?' });
    await dialog.getByLabel('Reason (optional)').fill('Greetings broke the login page.');
    await dialog.getByRole('button', { name: 'Roll back' }).click();
    await expect(page.getByText('“Greet with punctuation” rolled back.')).toBeVisible();
    expect(hub.posts).toEqual([{ path: `/${FIXTURE_IDS.patch}/rollback`, body: { reason: 'Greetings broke the login page.' } }]);
  });
});

test('desktop: side by side by default, the layout remembered, colours escaped', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const hub = newHub();
  await replayHub(page, hub);
  await page.goto(`/approvals/${FIXTURE_IDS.patch}`);
  await signInThroughUi(page);
  const sideBySide = page.getByRole('button', { name: 'Side by side' });
  await expect(sideBySide).toHaveAttribute('aria-pressed', 'true');
  const code = page.getByRole('region', { name: 'Changes to hive: server/src/greeting.ts' });
  await expect(code.locator('table.split')).toBeVisible();
  // Coloured by highlight.js, and the source's markup is text, not elements.
  await expect(code.locator('.hljs-keyword').first()).toBeVisible();
  await expect(code).toContainText('"<world>"');
  await expect(code.locator('world')).toHaveCount(0);
  await capture(page, testInfo, 'approvals-proposal-desktop');

  await page.getByRole('button', { name: 'Unified' }).click();
  await expect(code.locator('table.unified')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('button', { name: 'Unified' })).toHaveAttribute('aria-pressed', 'true');

  // A file folds and unfolds from its header.
  await page.getByText('README.md', { exact: true }).click();
  await expect(page.getByRole('region', { name: 'Changes to hive: README.md' })).toHaveCount(0);

  // A prompt change is the previous version → the new one, while its checks still run.
  await page.goto(`/approvals/${FIXTURE_IDS.prompt}`);
  await expect(page.getByRole('heading', { level: 2, name: 'Prompt change' })).toBeVisible();
  const prompt = page.getByRole('region', { name: 'Changes to qa: qa' });
  await expect(prompt.locator('tr.del')).toContainText('Run the tests and report failures.');
  await expect(prompt.locator('tr.add').first()).toContainText('First write a short test plan.');
  await expect(page.getByText('Running…', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Approve…' })).toBeDisabled();
  await expect(page.getByText('This proposal is still being validated: only a proposal awaiting approval can be decided.')).toBeVisible();
  await capture(page, testInfo, 'approvals-prompt-desktop');
});

test('failed checks: an admin approves only with the explicit override; a rejection needs a reason', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const hub = newHub();
  await replayHub(page, hub);
  await page.goto(`/approvals/${FIXTURE_IDS.failed}`);
  await signInThroughUi(page);
  await expect(page.getByLabel('Validation output')).toContainText('1 failed');
  await page.getByRole('button', { name: 'Approve (override)…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Approve this proposal?' });
  await dialog.getByRole('button', { name: 'Approve' }).click();
  await expect(dialog.getByText('Tick “Override failed validation”')).toBeVisible();
  await expect(dialog.getByLabel('Override failed validation')).toBeFocused();
  await dialog.getByLabel('Override failed validation').check();
  await dialog.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByText('Approved.')).toBeVisible();
  expect(hub.posts[0]?.body).toEqual({ contentHash: 'c'.repeat(64), override: true });

  // Rejecting without a reason is stopped in the dialog; Escape cancels.
  hub.proposals.set(FIXTURE_IDS.failed, failedProposal());
  await page.reload();
  await page.getByRole('button', { name: 'Reject…' }).click();
  const reject = page.getByRole('dialog', { name: 'Reject this proposal?' });
  await reject.getByRole('button', { name: 'Reject' }).click();
  await expect(reject.getByText('Say why it is rejected')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(reject).toBeHidden();
  await expect(page.getByRole('button', { name: 'Reject…' })).toBeFocused();
  await page.getByRole('button', { name: 'Reject…' }).click();
  await page.getByRole('dialog').getByLabel('Why (required)').fill('The tests fail.');
  await page.getByRole('dialog').getByRole('button', { name: 'Reject' }).click();
  await expect(page.getByText('Rejected.')).toBeVisible();
  expect(hub.posts[1]?.body).toEqual({ contentHash: 'c'.repeat(64), comment: 'The tests fail.' });
});

test('the proposer cannot decide on their own proposal, and the page says why', async ({ page }) => {
  const hub = newHub();
  hub.proposals.set(FIXTURE_IDS.patch, patchProposal({ proposerAgentId: null, proposerUser: 'admin' }));
  await replayHub(page, hub);
  await page.goto(`/approvals/${FIXTURE_IDS.patch}`);
  await signInThroughUi(page);
  await expect(page.getByRole('button', { name: 'Approve…' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Reject…' })).toBeDisabled();
  await expect(page.getByText('You proposed this change: someone else must decide on it.')).toBeVisible();
});

test('a decision that meets one already taken says what it is now, not that the content changed', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const hub = newHub();
  hub.decidedElsewhere = 'rejected';
  await replayHub(page, hub);
  await page.goto(`/approvals/${FIXTURE_IDS.patch}`);
  await signInThroughUi(page);
  await page.getByRole('button', { name: 'Approve…' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByText('Not recorded: it is already rejected.')).toBeVisible();
  await expect(page.getByText('Not recorded: the proposal changed.')).toHaveCount(0);
  await expect(page.locator('#decision-outcome')).toBeFocused();
});
