import { type APIRequestContext, type Page, expect } from '@playwright/test';
import { ADMIN_PASSWORD, ADMIN_USERNAME } from './constants.js';

/** Signs in through the login form, the way a person does, and waits for the shell. */
export async function signInThroughUi(page: Page, username = ADMIN_USERNAME, password = ADMIN_PASSWORD): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Sign in to Hive' })).toBeVisible();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

/** A unique, readable name so tests sharing one hub never collide. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e4)}`;
}

/** Creates an agent through the REST API with the signed-in context's cookie. */
export async function createAgentViaApi(request: APIRequestContext, name: string, type = 'backend'): Promise<{ id: string; name: string }> {
  const response = await request.post('/api/v1/agents', { data: { name, type } });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { id: string; name: string };
}

export async function createTaskViaApi(request: APIRequestContext, title: string, extra: Record<string, unknown> = {}): Promise<{ id: string; title: string }> {
  const response = await request.post('/api/v1/tasks', { data: { title, ...extra } });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { id: string; title: string };
}

/**
 * Stops the agent with this name (started through the UI), so its worker does not keep
 * the machine busy for the rest of the suite. Global teardown would stop it at the end.
 */
export async function stopAgentNamed(request: APIRequestContext, name: string): Promise<void> {
  const list = await request.get('/api/v1/agents', { params: { q: name, limit: 5 } });
  const agents = ((await list.json()) as { items: { id: string; name: string }[] }).items;
  for (const agent of agents.filter((candidate) => candidate.name === name)) {
    await request.post(`/api/v1/agents/${agent.id}/stop`);
  }
}
