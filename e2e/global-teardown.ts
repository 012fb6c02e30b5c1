/**
 * Agent workers run in their own process groups so that they outlive a hub restart. The
 * e2e hub is still up when this runs, so ask it to stop every agent it started; otherwise
 * the workers would keep running after the suite (and the supervisor would restart any we
 * merely killed).
 */
import { ADMIN_PASSWORD, ADMIN_USERNAME, BASE_URL } from './support/constants.js';

interface AgentPage {
  items: { id: string; status: string }[];
}

export default async function globalTeardown(): Promise<void> {
  const login = await fetch(`${BASE_URL}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: ADMIN_USERNAME, password: ADMIN_PASSWORD }),
  }).catch(() => null);
  const cookie = login?.ok ? login.headers.get('set-cookie')?.split(';')[0] : undefined;
  if (!cookie) return; // the hub is gone: nothing we can stop politely
  const headers = { cookie, origin: BASE_URL };
  const page = (await (await fetch(`${BASE_URL}/api/v1/agents?limit=200`, { headers })).json()) as AgentPage;
  for (const agent of page.items.filter((a) => !['stopped', 'inactive', 'created'].includes(a.status))) {
    await fetch(`${BASE_URL}/api/v1/agents/${agent.id}/stop`, { method: 'POST', headers });
  }
}
