import { chmodSync } from 'node:fs';
import { type APIRequestContext, type Browser, expect, test } from '@playwright/test';
import { ADMIN_PASSWORD, ADMIN_USERNAME } from './support/constants.js';
import { type TempRepo, createTempRepo } from './support/git-repo.js';
import { PHONE, capture, expectNoHorizontalOverflow } from './support/phone.js';
import { signInThroughUi, uniqueName } from './support/session.js';

/*
 * Issue 5, the whole flow against the real hub and a real git repository: an agent (the
 * offline model, scripted by its task's directives) proposes a patch → the repository's
 * check runs in the sandbox → an approver approves it in the browser on a phone → the
 * merge commit on main carries the Proposal-Id and Approved-by trailers → Rollback on the
 * history page restores the tree main had before.
 */

interface Proposal {
  id: string;
  title: string;
  state: string;
  stateReason: string | null;
  application: { mergeCommit: string | null } | null;
  validation: { runner: string; output: string } | null;
}

async function adminApi(browser: Browser): Promise<{ request: APIRequestContext; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const response = await context.request.post('/api/v1/auth/login', { data: { username: ADMIN_USERNAME, password: ADMIN_PASSWORD } });
  expect(response.status(), await response.text()).toBe(200);
  return { request: context.request, close: () => context.close() };
}

async function post<T>(request: APIRequestContext, path: string, data: unknown, status = 201): Promise<T> {
  const response = await request.post(`/api/v1${path}`, { data });
  expect(response.status(), `${path}: ${await response.text()}`).toBe(status);
  return (await response.json()) as T;
}

/** The agent's proposal once it has one in a state outside `states`-to-wait-through. */
async function waitForProposal(request: APIRequestContext, agentId: string, until: (proposal: Proposal) => boolean, timeout: number): Promise<Proposal> {
  let last: Proposal | undefined;
  await expect
    .poll(
      async () => {
        const response = await request.get('/api/v1/self-modify', { params: { proposerAgentId: agentId, limit: 5 } });
        last = ((await response.json()) as { items: Proposal[] }).items[0];
        return last !== undefined && until(last);
      },
      { timeout, intervals: [500, 1000, 2000] },
    )
    .toBe(true);
  return last!;
}

let repo: TempRepo | undefined;
test.afterEach(() => repo?.remove());

test.beforeAll(() => {
  // The process sandbox runs the check as an unprivileged user, which must be able to pass
  // through the hub's data directory to the worktree inside it; playwright.config.ts makes
  // that directory with mkdtemp (0700). Passing through (o+x) is enough; nothing is listed.
  const dataDir = process.env.HIVE_E2E_DATA_DIR;
  if (dataDir) chmodSync(dataDir, 0o711);
});

test('an agent proposes a patch, an approver approves it on a phone, the merge carries trailers, rollback restores the tree', async ({ browser }, testInfo) => {
  test.setTimeout(240_000);
  const admin = await adminApi(browser);
  let agentId: string | undefined;
  try {
    // A repository with one commit and a check that passes while README.md exists.
    repo = createTempRepo({ 'README.md': '# Greetings\n' });
    const treeBefore = repo.git('rev-parse', 'main^{tree}');
    const repoName = uniqueName('greetings').toLowerCase();
    await post(admin.request, '/self-modify/repositories', { name: repoName, path: repo.path, checkCommand: 'test -f README.md' });

    const approver = { username: uniqueName('approver'), password: 'approver-password-1' };
    await post(admin.request, '/users', { ...approver, role: 'approver' });

    // The agent proposes: the offline model follows its task's directives.
    const agent = await post<{ id: string; name: string }>(admin.request, '/agents', { name: uniqueName('meta-agent'), type: 'meta', runtime: 'process', start: true });
    agentId = agent.id;
    await post(admin.request, '/tasks', {
      title: 'Add a greeting',
      type: 'meta',
      description: `write hello.txt: Hello\npropose hello.txt in ${repoName}: Add a greeting`,
    });
    const waiting = await waitForProposal(admin.request, agent.id, (p) => !['proposed', 'validating'].includes(p.state), 120_000);
    expect(
      waiting.state,
      `the proposal ended ${waiting.state}: ${waiting.stateReason ?? ''}\n${waiting.validation?.runner ?? ''} ${waiting.validation?.output ?? ''}`,
    ).toBe('awaiting_approval');

    // The approver, on a phone, from the inbox.
    const context = await browser.newContext({ ...PHONE });
    const page = await context.newPage();
    try {
      await page.goto('/approvals');
      await signInThroughUi(page, approver.username, approver.password);
      await page.getByRole('link', { name: waiting.title }).first().click();
      await expect(page).toHaveURL(`/approvals/${waiting.id}`);
      await expect(page.getByRole('heading', { level: 1, name: waiting.title })).toBeVisible();
      await expect(page.getByRole('region', { name: `Changes to ${repoName}: hello.txt` })).toContainText('Hello');
      await expect(page.getByText('test -f README.md', { exact: true })).toBeVisible();
      await expect(page.locator('hive-validation-log')).toContainText('Checks passed');
      await expectNoHorizontalOverflow(page, 'the proposal page');
      await capture(page, testInfo, 'approval-flow-proposal-phone');

      await page.getByRole('button', { name: 'Approve…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Approve this proposal?' });
      await dialog.getByLabel('Comment (optional)').fill('Greeting approved from a phone.');
      await capture(page, testInfo, 'approval-flow-dialog-phone', false);
      await dialog.getByRole('button', { name: 'Approve' }).click();
      await expect(page.getByText('Approved.')).toBeVisible();
      // Applied by the hub; the page follows live.
      await expect(page.locator('.chips').getByText('Applied', { exact: true })).toBeVisible({ timeout: 60_000 });
      await capture(page, testInfo, 'approval-flow-applied-phone');

      // The merge commit on main names the proposal and the approver.
      const applied = await waitForProposal(admin.request, agent.id, (p) => p.state === 'applied', 10_000);
      const merge = applied.application?.mergeCommit;
      expect(merge, 'the application names its merge commit').toBeTruthy();
      expect(repo.git('rev-parse', 'main')).toBe(merge);
      const message = repo.git('show', '-s', '--format=%B', merge!);
      expect(message).toContain(`Proposal-Id: ${waiting.id}`);
      expect(message).toContain(`Approved-by: ${approver.username}`);
      expect(repo.git('show', 'main:hello.txt')).toBe('Hello');
      expect(repo.git('rev-parse', 'main^{tree}')).not.toBe(treeBefore);

      // One click on the history page takes it back.
      await page.getByRole('link', { name: 'All proposals' }).click();
      await page.getByRole('navigation', { name: 'Approvals' }).getByRole('link', { name: 'History' }).click();
      await expect(page).toHaveURL('/approvals/history');
      const rollback = page.getByRole('button', { name: `Rollback ${waiting.title}` }).first();
      await capture(page, testInfo, 'approval-flow-history-phone');
      await rollback.click();
      const confirm = page.getByRole('dialog', { name: 'Roll back this change?' });
      await confirm.getByLabel('Reason (optional)').fill('Checking that rollback works.');
      await confirm.getByRole('button', { name: 'Roll back' }).click();
      await expect(page.getByText(`“${waiting.title}” rolled back.`)).toBeVisible({ timeout: 60_000 });
      await waitForProposal(admin.request, agent.id, (p) => p.state === 'rolled_back', 30_000);
      expect(repo.git('rev-parse', 'main^{tree}')).toBe(treeBefore);
      await expect(page.getByRole('list', { name: 'Applied and rolled back changes' })).toContainText('Rolled back');
      await capture(page, testInfo, 'approval-flow-rolled-back-phone');
    } finally {
      await context.close();
    }
  } finally {
    if (agentId) await admin.request.post(`/api/v1/agents/${agentId}/stop`);
    await admin.close();
  }
});
