import { type APIRequestContext, type Browser, type Page, expect, test } from '@playwright/test';
import { ADMIN_PASSWORD, ADMIN_USERNAME } from './support/constants.js';
import { createTaskViaApi, signInThroughUi, stopAgentNamed, uniqueName } from './support/session.js';

/**
 * The live dashboard against the real hub: what one person (or script) changes shows up
 * in every other open dashboard without a reload, including the changes made while a
 * dashboard was offline.
 */

/** A task type no agent in the suite has, so such tasks wait in Ready until someone moves them. */
const UNWORKED_TYPE = 'meta';

/** Puts a marker on the page; `expectNoReload` fails if a navigation dropped it. */
async function markPage(page: Page): Promise<void> {
  await page.evaluate('window.__hiveNoReload = true');
}

async function expectNoReload(page: Page): Promise<void> {
  expect(await page.evaluate<boolean>('window.__hiveNoReload === true'), 'the page was reloaded').toBe(true);
}

/** A second signed-in browser, as another person at another desk. */
async function openSecondBrowser(browser: Browser, path: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(path);
  await signInThroughUi(page);
  return { page, close: () => context.close() };
}

/** A signed-in API client of its own (its requests never go through a browser's network). */
async function adminApi(browser: Browser): Promise<{ request: APIRequestContext; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const response = await context.request.post('/api/v1/auth/login', { data: { username: ADMIN_USERNAME, password: ADMIN_PASSWORD } });
  expect(response.status(), await response.text()).toBe(200);
  return { request: context.request, close: () => context.close() };
}

function agentRow(page: Page, name: string) {
  return page.getByRole('list', { name: 'Agents' }).getByRole('listitem').filter({ hasText: name });
}

function column(page: Page, label: string) {
  return page.getByRole('list', { name: `${label} tasks` });
}

test('an agent spawned in one browser appears, starts and stops live in another', async ({ page, browser }) => {
  test.setTimeout(60_000);
  const name = uniqueName('live-agent');
  const watcher = await openSecondBrowser(browser, '/agents');
  try {
    await expect(watcher.page.getByRole('status', { name: 'Connection: Live' })).toBeVisible();
    await markPage(watcher.page);

    await page.goto('/agents');
    await signInThroughUi(page);
    await page.getByRole('button', { name: 'New agent' }).click();
    const form = page.locator('hive-agent-create-form');
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('Type').selectOption('backend');
    await expect(form.getByRole('checkbox', { name: 'Start it now' })).toBeChecked();
    await form.getByRole('button', { name: 'Create agent' }).click();

    // The other browser sees the new agent, then its worker come up, without reloading.
    const row = agentRow(watcher.page, name);
    await expect(row).toBeVisible();
    await expect(row).toContainText('Idle', { timeout: 30_000 });
    await expect(row).toContainText(/Heartbeat\s+\d+ s ago/);
    await expectNoReload(watcher.page);

    // Stopped from the other browser (after a confirmation): the first sees it stop.
    await agentRow(watcher.page, name).getByRole('button', { name: 'Stop' }).click();
    const confirm = watcher.page.getByRole('dialog', { name: `Stop ${name}?` });
    await confirm.getByRole('button', { name: 'Stop agent' }).click();
    await expect(agentRow(page, name)).toContainText('Stopped');
  } finally {
    await stopAgentNamed(page.request, name);
    await watcher.close();
  }
});

test('a task queued through the API shows up on the board and moves to Completed live', async ({ page, browser }) => {
  test.setTimeout(90_000);
  await page.goto('/agents');
  await signInThroughUi(page);
  // A worker of our own, started through the UI, so the task is certainly picked up.
  await page.getByRole('button', { name: 'New agent' }).click();
  const form = page.locator('hive-agent-create-form');
  const agentName = uniqueName('board-worker');
  await form.getByLabel('Name').fill(agentName);
  await form.getByLabel('Type').selectOption('qa');
  await form.getByRole('button', { name: 'Create agent' }).click();
  await expect(agentRow(page, agentName)).toContainText('Idle', { timeout: 30_000 });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tasks' }).click();
  await expect(page.getByRole('region', { name: 'Task board' }).or(page.getByRole('heading', { name: 'No tasks yet' }))).toBeVisible();
  await expect(page.getByRole('status', { name: 'Connection: Live' })).toBeVisible();
  await markPage(page);

  const api = await adminApi(browser);
  try {
    const title = uniqueName('api-task');
    await createTaskViaApi(api.request, title, { type: 'qa', description: 'Queued by the live board test' });
    await expect(page.getByRole('region', { name: 'Task board' }).getByRole('link', { name: title })).toBeVisible();
    await expect(column(page, 'Completed').getByRole('link', { name: title })).toBeVisible({ timeout: 60_000 });
    await expectNoReload(page);
  } finally {
    await stopAgentNamed(api.request, agentName);
    await api.close();
  }
});

test('changes made while the dashboard was offline arrive when it reconnects, without reloading', async ({ page, context, browser }) => {
  test.setTimeout(60_000);
  await page.goto('/tasks');
  await signInThroughUi(page);
  const api = await adminApi(browser);
  try {
    // Something on the board to change while we are away.
    const doomed = await createTaskViaApi(api.request, uniqueName('cancel-me'), { type: UNWORKED_TYPE });
    await expect(column(page, 'Ready').getByRole('link', { name: doomed.title })).toBeVisible();
    await expect(page.getByRole('status', { name: 'Connection: Live' })).toBeVisible();
    await markPage(page);

    await context.setOffline(true);
    await expect(page.getByRole('status', { name: 'Connection: Offline' })).toBeVisible();

    const added = await createTaskViaApi(api.request, uniqueName('while-away'), { type: UNWORKED_TYPE, priority: 90 });
    const cancelled = await api.request.post(`/api/v1/tasks/${doomed.id}/cancel`, { data: { reason: 'e2e: while the dashboard was offline' } });
    expect(cancelled.status(), await cancelled.text()).toBe(200);
    // Nothing of it reaches the page while it is offline.
    await expect(column(page, 'Ready').getByRole('link', { name: doomed.title })).toBeVisible();
    await expect(page.getByRole('link', { name: added.title })).toHaveCount(0);

    // Back online, the socket resumes from the last event it saw: the missed events are
    // replayed, not the board reloaded.
    const reloads: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/v1/tasks') reloads.push(request.url());
    });
    await context.setOffline(false);
    await expect(page.getByRole('status', { name: 'Connection: Live' })).toBeVisible({ timeout: 20_000 });
    await expect(column(page, 'Ready').getByRole('link', { name: added.title })).toBeVisible();
    await expect(column(page, 'Cancelled').getByRole('link', { name: doomed.title })).toBeVisible();
    await expect(column(page, 'Ready').getByRole('link', { name: doomed.title })).toHaveCount(0);
    expect(reloads, 'the board was reloaded instead of resumed').toEqual([]);
    await expectNoReload(page);
  } finally {
    await context.setOffline(false);
    await api.close();
  }
});

test('cards move by drag and drop, within what the state machine allows', async ({ page, browser }) => {
  await page.setViewportSize({ width: 1600, height: 900 });
  await page.goto('/tasks');
  await signInThroughUi(page);
  const api = await adminApi(browser);
  try {
    const task = await createTaskViaApi(api.request, uniqueName('drag-me'), { type: UNWORKED_TYPE });
    const card = column(page, 'Ready').getByRole('listitem').filter({ hasText: task.title });
    await expect(card).toBeVisible();

    // Onto Cancelled (dragged by the card's handle): confirmed first, then the card moves
    // there as the hub reports it.
    await card.locator('.grip').dragTo(column(page, 'Cancelled'));
    const confirm = page.getByRole('dialog', { name: `Cancel “${task.title}”?` });
    await expect(confirm).toBeVisible();
    await confirm.getByRole('button', { name: 'Cancel task' }).click();
    await expect(column(page, 'Cancelled').getByRole('link', { name: task.title })).toBeVisible();

    // A cancelled task dropped on Ready is retried.
    await column(page, 'Cancelled').getByRole('listitem').filter({ hasText: task.title }).locator('.grip').dragTo(column(page, 'Ready'));
    await expect(column(page, 'Ready').getByRole('link', { name: task.title })).toBeVisible();

    // Completed is not a place a person can put a task: nothing happens there.
    await column(page, 'Ready').getByRole('listitem').filter({ hasText: task.title }).locator('.grip').dragTo(column(page, 'Completed'));
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(column(page, 'Ready').getByRole('link', { name: task.title })).toBeVisible();
  } finally {
    await api.close();
  }
});

test('the keyboard moves cards through each card\'s actions menu', async ({ page, browser }) => {
  await page.goto('/tasks');
  await signInThroughUi(page);
  const api = await adminApi(browser);
  try {
    const task = await createTaskViaApi(api.request, uniqueName('keyboard'), { type: UNWORKED_TYPE, priority: 40 });
    const card = column(page, 'Ready').getByRole('listitem').filter({ hasText: task.title });
    await expect(card).toContainText('Priority 40');

    await card.getByRole('button', { name: `Actions for “${task.title}”` }).focus();
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu', { name: `Actions for “${task.title}”` });
    await expect(menu).toBeVisible();
    await expect(menu.getByRole('menuitem', { name: 'Retry: move to Ready' })).toHaveCount(0);
    // First item is "Open"; then Raise priority.
    await page.keyboard.press('ArrowDown');
    await expect(menu.getByRole('menuitem', { name: /Raise priority/ })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(card).toContainText('Priority 50');

    await card.getByRole('button', { name: `Actions for “${task.title}”` }).click();
    await menu.getByRole('menuitem', { name: 'Set priority…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set priority' });
    await dialog.getByLabel('Priority').fill('77');
    await dialog.getByRole('button', { name: 'Save priority' }).click();
    await expect(card).toContainText('Priority 77');
  } finally {
    await api.close();
  }
});

test('on a phone, a card dropped on a column\'s tab moves there', async ({ page, browser }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/tasks');
  await signInThroughUi(page);
  const api = await adminApi(browser);
  try {
    const task = await createTaskViaApi(api.request, uniqueName('phone-drag'), { type: UNWORKED_TYPE });
    await page.getByRole('tab', { name: /^Ready/ }).click();
    const card = column(page, 'Ready').getByRole('listitem').filter({ hasText: task.title });
    await expect(card).toBeVisible();
    await card.locator('.grip').dragTo(page.getByRole('tab', { name: /^Cancelled/ }));
    await page.getByRole('dialog', { name: `Cancel “${task.title}”?` }).getByRole('button', { name: 'Cancel task' }).click();
    await expect(card).toHaveCount(0);
    await page.getByRole('tab', { name: /^Cancelled/ }).click();
    await expect(column(page, 'Cancelled').getByRole('link', { name: task.title })).toBeVisible();
  } finally {
    await api.close();
  }
});
