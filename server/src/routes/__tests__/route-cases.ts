/**
 * One entry per API operation: how to call it successfully, and with what bad input.
 * routes.test.ts checks that this table covers every operation in the OpenAPI document.
 */
import type { Role } from '../../../../shared/index.js';
import type { TestApp } from '../../../test-support/app.js';
import type { Access } from '../../http/auth-middleware.js';
import { DOCKER_SOCKET } from '../../../test-support/services.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Principal } from '../../auth/principal.js';

export interface Prepared {
  path: string;
  body?: unknown;
  /** Call with this bearer token instead of the fixture token of the role under test. */
  token?: string;
}

export interface RouteCase {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The OpenAPI path, e.g. /agents/{id}. */
  route: string;
  access: Access;
  ok: number;
  /** `caller`: the role (or anonymous/agent) the request will be made as, for cases that depend on who asks. */
  prepare(t: TestApp, caller?: string): Promise<Prepared>;
  /** A request that must be refused with 4xx naming `field`. */
  bad?: (t: TestApp) => Promise<Prepared & { field: string }>;
}

const nobody = '00000000-0000-4000-8000-000000000000';
const actor = 'test';

async function agent(t: TestApp) {
  return t.services.agents.create(actor, { name: `a-${crypto.randomUUID().slice(0, 8)}`, type: 'backend', runtime: 'process', start: false });
}
async function session(t: TestApp) {
  return t.services.sessions.create(actor, { name: 's', description: '', agents: [{ type: 'qa', count: 1 }] });
}
async function task(t: TestApp) {
  return t.services.tasks.create(actor, {
    title: 't', description: '', requiredCapabilities: [], priority: 50, dependencies: [], context: {}, maxAttempts: 3,
  });
}
/** Deregisters whatever target has this address, so a case can register it again. */
async function forgetTarget(t: TestApp, address: string) {
  for (const target of await t.services.cluster.view()) {
    if (target.address === address) await t.services.cluster.deregisterTarget(actor, target.id);
  }
}
/** A config proposal made by someone other than any fixture user, validated (awaiting approval). */
async function configProposal(t: TestApp, proposer = 'someone-else') {
  const target = `case-${crypto.randomUUID().slice(0, 8)}.json`;
  const p = await t.services.proposals.propose(actor, { kind: 'config', title: 't', rationale: 'r', target, content: '{"retries": 3}' }, proposer);
  await t.services.pipeline!.idle();
  return (await t.services.proposals.get(p.id));
}
async function appliedProposal(t: TestApp) {
  const p = await configProposal(t);
  const reviewer = { user: { id: nobody, username: 'reviewer', role: 'approver' }, role: 'approver', via: 'session' } as unknown as Principal;
  await t.services.approvals.approve(reviewer, p.id, { contentHash: p.contentHash, override: false });
  await t.services.pipeline!.idle();
  return p;
}
async function gitRepository(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'hive-case-repo-'));
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  writeFileSync(join(dir, 'README.md'), 'hello\n');
  execFileSync('git', ['-C', dir, 'add', '.']);
  execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'readme']);
  return dir;
}
const badId = (route: string) => async () => ({ path: route.replace('{id}', 'not-a-uuid'), field: 'id' });

export const ROUTE_CASES: RouteCase[] = [
  // auth
  {
    method: 'POST', route: '/auth/login', access: 'public', ok: 200,
    prepare: async () => ({ path: '/auth/login', body: { username: 'viewer', password: 'correct horse battery' } }),
    bad: async () => ({ path: '/auth/login', body: { username: 'viewer' }, field: 'password' }),
  },
  { method: 'POST', route: '/auth/logout', access: 'authenticated', ok: 200, prepare: async () => ({ path: '/auth/logout' }) },
  { method: 'GET', route: '/auth/me', access: 'authenticated', ok: 200, prepare: async () => ({ path: '/auth/me' }) },
  {
    method: 'POST', route: '/auth/password', access: 'authenticated', ok: 200,
    prepare: async (t) => {
      // A throwaway user, so the shared fixtures keep their passwords.
      const u = await t.services.access.createUser(
        { user: { id: nobody, username: 'x', role: 'admin', disabled: false, createdAt: '' }, role: 'admin', via: 'session' },
        { username: `pw-${crypto.randomUUID().slice(0, 6)}`, password: 'first-password', role: 'viewer' },
      );
      const tok = await t.services.access.createToken({ user: u, role: 'viewer', via: 'session' }, { name: 'pw' });
      return { path: '/auth/password', body: { currentPassword: 'first-password', newPassword: 'second-password' }, token: tok.token };
    },
    bad: async () => ({ path: '/auth/password', body: { currentPassword: 'x', newPassword: 'short' }, field: 'newPassword' }),
  },
  // tokens
  { method: 'GET', route: '/tokens', access: 'authenticated', ok: 200, prepare: async () => ({ path: '/tokens' }) },
  {
    method: 'POST', route: '/tokens', access: 'authenticated', ok: 201,
    prepare: async () => ({ path: '/tokens', body: { name: 'script' } }),
    bad: async () => ({ path: '/tokens', body: { name: '', role: 'admin' }, field: 'name' }),
  },
  {
    method: 'DELETE', route: '/tokens/{id}', access: 'authenticated', ok: 200,
    prepare: async (t) => {
      const viewer = (await t.services.store.users.findByUsername('viewer'))!;
      const tok = await t.services.access.createToken({ user: viewer, role: 'viewer', via: 'session' }, { name: 'to-revoke' });
      return { path: `/tokens/${tok.id}` };
    },
    bad: badId('/tokens/{id}'),
  },
  // users
  { method: 'GET', route: '/users', access: 'admin', ok: 200, prepare: async () => ({ path: '/users' }) },
  {
    method: 'POST', route: '/users', access: 'admin', ok: 201,
    prepare: async () => ({ path: '/users', body: { username: `u-${crypto.randomUUID().slice(0, 8)}`, password: 'long-enough', role: 'operator' } }),
    bad: async () => ({ path: '/users', body: { username: 'ok-name', password: 'long-enough', role: 'root' }, field: 'role' }),
  },
  {
    method: 'PUT', route: '/users/{id}', access: 'admin', ok: 200,
    prepare: async (t) => ({ path: `/users/${(await t.services.store.users.findByUsername('operator'))!.id}`, body: { disabled: false } }),
    bad: async (t) => ({ path: `/users/${(await t.services.store.users.findByUsername('operator'))!.id}`, body: { role: 'god' }, field: 'role' }),
  },
  // agents
  {
    method: 'POST', route: '/agents', access: 'operator', ok: 201,
    prepare: async () => ({ path: '/agents', body: { name: 'new agent', type: 'qa' } }),
    bad: async () => ({ path: '/agents', body: { name: 'x', type: 'wizard' }, field: 'type' }),
  },
  {
    method: 'GET', route: '/agents', access: 'viewer', ok: 200,
    prepare: async () => ({ path: '/agents?status=created&limit=5' }),
    bad: async () => ({ path: '/agents?limit=0', field: 'limit' }),
  },
  { method: 'GET', route: '/agents/{id}', access: 'viewer', ok: 200, prepare: async (t) => ({ path: `/agents/${(await agent(t)).id}` }), bad: badId('/agents/{id}') },
  {
    method: 'PUT', route: '/agents/{id}', access: 'operator', ok: 200,
    prepare: async (t) => ({ path: `/agents/${(await agent(t)).id}`, body: { name: 'renamed' } }),
    bad: async (t) => ({ path: `/agents/${(await agent(t)).id}`, body: { capabilities: ['Not Valid!'] }, field: 'capabilities.0' }),
  },
  { method: 'DELETE', route: '/agents/{id}', access: 'operator', ok: 200, prepare: async (t) => ({ path: `/agents/${(await agent(t)).id}` }), bad: badId('/agents/{id}') },
  {
    method: 'GET', route: '/agents/{id}/messages', access: 'viewer', ok: 200,
    prepare: async (t) => ({ path: `/agents/${(await agent(t)).id}/messages` }),
    bad: async (t) => ({ path: `/agents/${(await agent(t)).id}/messages?direction=sideways`, field: 'direction' }),
  },
  {
    method: 'POST', route: '/agents/{id}/start', access: 'operator', ok: 200,
    prepare: async (t) => ({ path: `/agents/${(await agent(t)).id}/start` }),
    bad: badId('/agents/{id}/start'),
  },
  {
    method: 'POST', route: '/agents/{id}/stop', access: 'operator', ok: 200,
    prepare: async (t) => ({ path: `/agents/${(await agent(t)).id}/stop` }),
    bad: badId('/agents/{id}/stop'),
  },
  {
    method: 'POST', route: '/agents/{id}/restart', access: 'operator', ok: 200,
    prepare: async (t) => ({ path: `/agents/${(await agent(t)).id}/restart` }),
    bad: badId('/agents/{id}/restart'),
  },
  {
    method: 'GET', route: '/agents/{id}/logs', access: 'viewer', ok: 200,
    prepare: async (t) => ({ path: `/agents/${(await agent(t)).id}/logs?tail=10` }),
    bad: async (t) => ({ path: `/agents/${(await agent(t)).id}/logs?tail=0`, field: 'tail' }),
  },
  { method: 'GET', route: '/agent-types', access: 'viewer', ok: 200, prepare: async () => ({ path: '/agent-types' }) },
  // sessions
  {
    method: 'POST', route: '/sessions', access: 'operator', ok: 201,
    prepare: async () => ({ path: '/sessions', body: { name: 'sprint', agents: [{ type: 'backend', count: 2 }] } }),
    bad: async () => ({ path: '/sessions', body: { name: 'sprint', agents: [{ type: 'backend', count: 0 }] }, field: 'agents.0.count' }),
  },
  {
    method: 'GET', route: '/sessions', access: 'viewer', ok: 200,
    prepare: async () => ({ path: '/sessions' }),
    bad: async () => ({ path: '/sessions?status=dancing', field: 'status' }),
  },
  { method: 'GET', route: '/sessions/{id}', access: 'viewer', ok: 200, prepare: async (t) => ({ path: `/sessions/${(await session(t)).id}` }), bad: badId('/sessions/{id}') },
  { method: 'POST', route: '/sessions/{id}/start', access: 'operator', ok: 200, prepare: async (t) => ({ path: `/sessions/${(await session(t)).id}/start` }), bad: badId('/sessions/{id}/start') },
  { method: 'POST', route: '/sessions/{id}/stop', access: 'operator', ok: 200, prepare: async (t) => ({ path: `/sessions/${(await session(t)).id}/stop` }), bad: badId('/sessions/{id}/stop') },
  // tasks
  {
    method: 'POST', route: '/tasks', access: 'operator', ok: 201,
    prepare: async () => ({ path: '/tasks', body: { title: 'write tests', priority: 80 } }),
    bad: async () => ({ path: '/tasks', body: { title: 'x', priority: 101 }, field: 'priority' }),
  },
  {
    method: 'GET', route: '/tasks', access: 'viewer', ok: 200,
    prepare: async () => ({ path: '/tasks?status=ready' }),
    bad: async () => ({ path: '/tasks?status=sleepy', field: 'status' }),
  },
  { method: 'GET', route: '/tasks/{id}', access: 'viewer', ok: 200, prepare: async (t) => ({ path: `/tasks/${(await task(t)).id}` }), bad: badId('/tasks/{id}') },
  {
    method: 'POST', route: '/tasks/{id}/assign', access: 'operator', ok: 200,
    prepare: async (t) => ({ path: `/tasks/${(await task(t)).id}/assign`, body: { agentId: (await agent(t)).id } }),
    bad: async (t) => ({ path: `/tasks/${(await task(t)).id}/assign`, body: { agentId: nobody }, field: 'agentId' }),
  },
  {
    method: 'POST', route: '/tasks/{id}/complete', access: 'operator', ok: 200,
    prepare: async (t) => {
      const tk = await task(t);
      await t.services.tasks.assign(actor, tk.id, (await agent(t)).id);
      return { path: `/tasks/${tk.id}/complete`, body: { result: { summary: 'done' } } };
    },
    bad: async (t) => ({ path: `/tasks/${(await task(t)).id}/complete`, body: { result: 'done' }, field: 'result' }),
  },
  {
    method: 'POST', route: '/tasks/{id}/cancel', access: 'operator', ok: 200,
    prepare: async (t) => ({ path: `/tasks/${(await task(t)).id}/cancel`, body: { reason: 'not needed' } }),
    bad: async (t) => ({ path: `/tasks/${(await task(t)).id}/cancel`, body: { reason: 5 }, field: 'reason' }),
  },
  {
    method: 'PUT', route: '/tasks/{id}', access: 'operator', ok: 200,
    prepare: async (t) => ({ path: `/tasks/${(await task(t)).id}`, body: { priority: 90 } }),
    bad: async (t) => ({ path: `/tasks/${(await task(t)).id}`, body: { priority: -1 }, field: 'priority' }),
  },
  {
    method: 'POST', route: '/tasks/{id}/retry', access: 'operator', ok: 200,
    prepare: async (t) => {
      const tk = await task(t);
      await t.services.tasks.cancel(actor, tk.id);
      return { path: `/tasks/${tk.id}/retry` };
    },
    bad: badId('/tasks/{id}/retry'),
  },
  {
    method: 'GET', route: '/tasks/{id}/output', access: 'viewer', ok: 200,
    prepare: async (t) => ({ path: `/tasks/${(await task(t)).id}/output` }),
    bad: async (t) => ({ path: `/tasks/${(await task(t)).id}/output?limit=5000`, field: 'limit' }),
  },
  // messages
  {
    method: 'POST', route: '/messages', access: 'operator', ok: 201,
    prepare: async (t) => ({ path: '/messages', body: { toAgentId: (await agent(t)).id, content: 'hello' } }),
    bad: async () => ({ path: '/messages', body: { toAgentId: nobody, content: 'hello' }, field: 'toAgentId' }),
  },
  // context
  {
    method: 'POST', route: '/context', access: 'operator', ok: 201,
    prepare: async () => ({ path: '/context', body: { content: 'remember this', kind: 'fact', importance: 0.9 } }),
    bad: async () => ({ path: '/context', body: { content: 'x', importance: 2 }, field: 'importance' }),
  },
  {
    method: 'POST', route: '/context/search', access: 'viewer', ok: 200,
    prepare: async () => ({ path: '/context/search', body: { query: 'remember' } }),
    bad: async () => ({ path: '/context/search', body: { query: '' }, field: 'query' }),
  },
  // system
  { method: 'GET', route: '/system/health', access: 'public', ok: 200, prepare: async () => ({ path: '/system/health' }) },
  { method: 'GET', route: '/system/ready', access: 'public', ok: 200, prepare: async () => ({ path: '/system/ready' }) },
  { method: 'GET', route: '/system/live', access: 'public', ok: 200, prepare: async () => ({ path: '/system/live' }) },
  { method: 'GET', route: '/system/status', access: 'viewer', ok: 200, prepare: async () => ({ path: '/system/status' }) },
  {
    method: 'POST', route: '/system/checkpoint', access: 'operator', ok: 201,
    prepare: async () => ({ path: '/system/checkpoint', body: { label: 'before upgrade' } }),
    bad: async () => ({ path: '/system/checkpoint', body: {}, field: 'label' }),
  },
  {
    method: 'GET', route: '/system/checkpoints', access: 'viewer', ok: 200,
    prepare: async () => ({ path: '/system/checkpoints' }),
    bad: async () => ({ path: '/system/checkpoints?offset=-1', field: 'offset' }),
  },
  {
    method: 'POST', route: '/system/sleep', access: 'operator', ok: 200,
    prepare: async (t) => ({ path: '/system/sleep', body: { agentId: (await agent(t)).id, reason: 'night' } }),
    bad: async () => ({ path: '/system/sleep', body: { agentId: 'x' }, field: 'agentId' }),
  },
  {
    method: 'POST', route: '/system/wake', access: 'operator', ok: 200,
    prepare: async (t) => {
      const a = await agent(t);
      await t.services.system.sleep(actor, a.id, 'nap');
      return { path: '/system/wake', body: { agentId: a.id } };
    },
    bad: async () => ({ path: '/system/wake', body: { agentId: 42 }, field: 'agentId' }),
  },
  // events and audit
  {
    method: 'GET', route: '/events', access: 'viewer', ok: 200,
    prepare: async () => ({ path: '/events?after=0&limit=5' }),
    bad: async () => ({ path: '/events?after=-5', field: 'after' }),
  },
  {
    method: 'GET', route: '/audit', access: 'admin', ok: 200,
    prepare: async () => ({ path: '/audit' }),
    bad: async () => ({ path: '/audit?limit=1000', field: 'limit' }),
  },
  // self-modify
  {
    method: 'POST', route: '/self-modify/propose', access: 'operator', ok: 201,
    prepare: async () => ({
      path: '/self-modify/propose',
      body: { kind: 'prompt', title: 'Sharper QA prompt', rationale: 'fewer misses', target: 'qa', content: `Be exact. ${crypto.randomUUID()}` },
    }),
    bad: async () => ({
      path: '/self-modify/propose',
      body: { kind: 'rewrite-everything', title: 't', rationale: 'r', target: 'qa', baseRef: 'v1', content: 'c' },
      field: 'kind',
    }),
  },
  {
    method: 'GET', route: '/self-modify', access: 'viewer', ok: 200,
    prepare: async () => ({ path: '/self-modify?kind=prompt' }),
    bad: async () => ({ path: '/self-modify?state=maybe', field: 'state' }),
  },
  {
    method: 'GET', route: '/self-modify/{id}', access: 'viewer', ok: 200,
    prepare: async (t) => {
      const p = await t.services.proposals.propose(actor, { kind: 'config', title: 't', rationale: 'r', target: `hive-${crypto.randomUUID().slice(0, 8)}.yaml`, content: 'a: 1' }, 'admin');
      return { path: `/self-modify/${p.id}` };
    },
    bad: badId('/self-modify/{id}'),
  },
  {
    method: 'PUT', route: '/self-modify/{id}', access: 'operator', ok: 200,
    prepare: async (t, caller) => {
      const p = await configProposal(t, caller ?? 'operator');
      return { path: `/self-modify/${p.id}`, body: { content: '{"retries": 5}', rationale: 'five is kinder' } };
    },
    bad: async (t) => ({ path: `/self-modify/${(await configProposal(t, 'admin')).id}`, body: { content: '' }, field: 'content' }),
  },
  {
    method: 'GET', route: '/self-modify/{id}/trail', access: 'viewer', ok: 200,
    prepare: async (t) => ({ path: `/self-modify/${(await configProposal(t)).id}/trail` }),
    bad: badId('/self-modify/{id}/trail'),
  },
  {
    method: 'POST', route: '/self-modify/{id}/approve', access: 'approver', ok: 200,
    prepare: async (t) => {
      const p = await configProposal(t);
      return { path: `/self-modify/${p.id}/approve`, body: { contentHash: p.contentHash, comment: 'looks right' } };
    },
    bad: async (t) => ({ path: `/self-modify/${(await configProposal(t)).id}/approve`, body: { contentHash: 'abc' }, field: 'contentHash' }),
  },
  {
    method: 'POST', route: '/self-modify/{id}/reject', access: 'approver', ok: 200,
    prepare: async (t) => {
      const p = await configProposal(t);
      return { path: `/self-modify/${p.id}/reject`, body: { contentHash: p.contentHash, comment: 'not now' } };
    },
    bad: async (t) => {
      const p = await configProposal(t);
      return { path: `/self-modify/${p.id}/reject`, body: { contentHash: p.contentHash }, field: 'comment' };
    },
  },
  {
    method: 'POST', route: '/self-modify/{id}/rollback', access: 'approver', ok: 200,
    prepare: async (t) => ({ path: `/self-modify/${(await appliedProposal(t)).id}/rollback`, body: { reason: 'undo' } }),
    bad: async (t) => ({ path: `/self-modify/${(await appliedProposal(t)).id}/rollback`, body: { reason: 7 }, field: 'reason' }),
  },
  {
    method: 'GET', route: '/self-modify/history', access: 'viewer', ok: 200,
    prepare: async () => ({ path: '/self-modify/history?limit=5' }),
    bad: async () => ({ path: '/self-modify/history?proposalId=nope', field: 'proposalId' }),
  },
  { method: 'GET', route: '/self-modify/rules', access: 'viewer', ok: 200, prepare: async () => ({ path: '/self-modify/rules' }) },
  {
    method: 'POST', route: '/self-modify/rules', access: 'admin', ok: 201,
    prepare: async () => ({ path: '/self-modify/rules', body: { description: 'small QA prompt changes by the meta agent', kind: 'prompt', target: 'qa', proposerType: 'meta', maxLines: 20 } }),
    bad: async () => ({ path: '/self-modify/rules', body: { description: 'd', kind: 'prompt', maxLines: 0 }, field: 'maxLines' }),
  },
  {
    method: 'DELETE', route: '/self-modify/rules/{id}', access: 'admin', ok: 200,
    prepare: async (t) => {
      const rule = await t.services.approvals.createRule(actor, { description: 'd', kind: 'config', maxLines: 5, maxRisk: 'low' });
      return { path: `/self-modify/rules/${rule.id}` };
    },
    bad: badId('/self-modify/rules/{id}'),
  },
  { method: 'GET', route: '/self-modify/repositories', access: 'viewer', ok: 200, prepare: async () => ({ path: '/self-modify/repositories' }) },
  {
    method: 'POST', route: '/self-modify/repositories', access: 'admin', ok: 201,
    prepare: async () => ({ path: '/self-modify/repositories', body: { name: `repo-${crypto.randomUUID().slice(0, 8)}`, path: await gitRepository(), checkCommand: 'test -f README.md' } }),
    bad: async () => ({ path: '/self-modify/repositories', body: { name: 'r', path: 'relative/path', checkCommand: 'true' }, field: 'path' }),
  },
  { method: 'GET', route: '/self-modify/configs', access: 'viewer', ok: 200, prepare: async () => ({ path: '/self-modify/configs' }) },
  {
    method: 'POST', route: '/self-modify/configs', access: 'admin', ok: 201,
    prepare: async () => ({ path: '/self-modify/configs', body: { name: `limits-${crypto.randomUUID().slice(0, 8)}.json`, content: '{"maxAgents": 50}' } }),
    bad: async () => ({ path: '/self-modify/configs', body: { name: 'Upper Case', content: '{}' }, field: 'name' }),
  },
  // push and notification preferences
  { method: 'GET', route: '/push/vapid-public-key', access: 'authenticated', ok: 200, prepare: async () => ({ path: '/push/vapid-public-key' }) },
  {
    method: 'POST', route: '/push/subscriptions', access: 'authenticated', ok: 201,
    prepare: async () => ({ path: '/push/subscriptions', body: { endpoint: `https://push.example/${crypto.randomUUID()}`, keys: { p256dh: 'BP', auth: 'au' } } }),
    bad: async () => ({ path: '/push/subscriptions', body: { endpoint: 'not a url', keys: { p256dh: 'BP', auth: 'au' } }, field: 'endpoint' }),
  },
  {
    method: 'DELETE', route: '/push/subscriptions', access: 'authenticated', ok: 200,
    prepare: async (t) => {
      const endpoint = `https://push.example/${crypto.randomUUID()}`;
      const viewer = (await t.services.store.users.findByUsername('viewer'))!;
      await t.services.store.push.subscribe({ endpoint, userId: viewer.id, p256dh: 'BP', auth: 'au' });
      return { path: '/push/subscriptions', body: { endpoint } };
    },
    bad: async () => ({ path: '/push/subscriptions', body: { endpoint: 'https://push.example/not-mine' }, field: 'endpoint' }),
  },
  { method: 'GET', route: '/notifications/preferences', access: 'authenticated', ok: 200, prepare: async () => ({ path: '/notifications/preferences' }) },
  {
    method: 'PUT', route: '/notifications/preferences', access: 'authenticated', ok: 200,
    prepare: async () => ({ path: '/notifications/preferences', body: { budgets: false } }),
    bad: async () => ({ path: '/notifications/preferences', body: { approvals: 'yes' }, field: 'approvals' }),
  },
  // cluster (drain last: a draining target refuses new agents)
  { method: 'GET', route: '/cluster', access: 'viewer', ok: 200, prepare: async () => ({ path: '/cluster' }) },
  { method: 'GET', route: '/cluster/agent-usage', access: 'viewer', ok: 200, prepare: async () => ({ path: '/cluster/agent-usage' }) },
  {
    // The machine's Docker Engine, registered as a second target (one registration per address).
    method: 'POST', route: '/cluster/targets', access: 'admin', ok: 201,
    prepare: async (t) => {
      await forgetTarget(t, `unix://${DOCKER_SOCKET}`);
      return { path: '/cluster/targets', body: { kind: 'docker', name: 'Route test engine', socketPath: DOCKER_SOCKET, capacity: 4 } };
    },
    bad: async () => ({ path: '/cluster/targets', body: { kind: 'docker', name: 'x', url: 'ftp://somewhere' }, field: 'url' }),
  },
  {
    method: 'DELETE', route: '/cluster/targets/{id}', access: 'admin', ok: 200,
    prepare: async (t) => {
      await forgetTarget(t, `unix://${DOCKER_SOCKET}`);
      const target = await t.services.cluster.registerTarget(actor, { kind: 'docker', name: 'Route test engine', socketPath: DOCKER_SOCKET });
      return { path: `/cluster/targets/${target.id}` };
    },
    bad: async () => ({ path: `/cluster/targets/${'x'.repeat(201)}`, field: 'id' }),
  },
  {
    method: 'POST', route: '/cluster/targets/{id}/drain', access: 'admin', ok: 200,
    prepare: async () => ({ path: '/cluster/targets/local-process/drain' }),
    bad: async () => ({ path: `/cluster/targets/${'x'.repeat(201)}/drain`, field: 'id' }),
  },
  {
    method: 'POST', route: '/cluster/targets/{id}/undrain', access: 'admin', ok: 200,
    prepare: async () => ({ path: '/cluster/targets/local-process/undrain' }),
    bad: async () => ({ path: `/cluster/targets/${'x'.repeat(201)}/undrain`, field: 'id' }),
  },
];

/** The role just below `access`, for "wrong role" checks; null when nobody is below it. */
export function roleBelow(access: Access): Role | null {
  const order: Role[] = ['viewer', 'operator', 'approver', 'admin'];
  if (access === 'public' || access === 'authenticated' || access === 'viewer') return null;
  return order[order.indexOf(access) - 1]!;
}

/** The least role that may call `access` (for happy paths). */
export function leastRole(access: Access): Role | 'anonymous' {
  if (access === 'public') return 'anonymous';
  if (access === 'authenticated') return 'viewer';
  return access;
}
