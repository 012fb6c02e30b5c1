/**
 * Web Push end to end on the server side: real VAPID signing and RFC 8291 encryption by
 * web-push, delivered to a local HTTPS push service that decrypts like a browser would.
 * (Headless Chromium here has no push service, so the browser half cannot run in tests.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../../../shared/index.js';
import { createTestApp, type TestApp } from '../../../test-support/app.js';
import { startPushService } from '../../../test-support/push-service.js';
import { waitFor } from '../../../test-support/wait.js';

let push: Awaited<ReturnType<typeof startPushService>>;
let t: TestApp;
beforeAll(async () => {
  push = await startPushService();
  t = await createTestApp('pglite', { pushAgent: push.agent });
});
afterAll(async () => {
  await t?.close();
  await push?.close();
});

async function failTask(title: string): Promise<Task> {
  const task = (await (await t.call('POST', '/tasks', { as: 'operator', body: { title, type: 'qa' } })).json()) as Task;
  const agent = await t.services.agents.create('test', { name: 'failing', type: 'qa', runtime: 'process', start: false });
  await t.services.tasks.assign('test', task.id, agent.id);
  return t.services.scheduler.fail(task.id, agent.id, 'the tests do not compile', false);
}

describe('push notifications', () => {
  it('serve a stable VAPID public key', async () => {
    const a = (await (await t.call('GET', '/push/vapid-public-key', { as: 'viewer' })).json()) as { publicKey: string };
    const b = (await (await t.call('GET', '/push/vapid-public-key', { as: 'admin' })).json()) as { publicKey: string };
    expect(a.publicKey).toMatch(/^[A-Za-z0-9_-]{80,}$/);
    expect(b.publicKey).toBe(a.publicKey);
  });

  it('tell operators about a failed task, encrypted and signed, with a deep link', async () => {
    await t.call('POST', '/push/subscriptions', { as: 'operator', body: push.subscriber('ops-phone') });
    await t.call('POST', '/push/subscriptions', { as: 'viewer', body: push.subscriber('viewer-phone') });
    const task = await failTask('Compile the tests');
    const got = await waitFor('the push to the operator', async () => push.received.find((r) => r.payload.tag === `task-${task.id}`));
    expect(got.path).toBe('/push/ops-phone');
    expect(got.payload).toMatchObject({ title: 'Task failed', url: `/tasks/${task.id}` });
    expect(String(got.payload.body)).toContain('the tests do not compile');
    expect(got.authorization).toMatch(/^vapid t=.+, k=.+$/);
    expect(push.received.some((r) => r.path === '/push/viewer-phone')).toBe(false); // viewers cannot act on it
  });

  it('respect a user who turned that kind off', async () => {
    await t.call('POST', '/push/subscriptions', { as: 'approver', body: push.subscriber('quiet-phone') });
    await t.call('PUT', '/notifications/preferences', { as: 'approver', body: { failures: false } });
    const task = await failTask('Quietly failing');
    await waitFor('the push to the operator', async () => push.received.some((r) => r.payload.tag === `task-${task.id}`));
    expect(push.received.filter((r) => r.payload.tag === `task-${task.id}`).map((r) => r.path)).not.toContain('/push/quiet-phone');
  });

  it('ask approvers to review a new proposal, linking to it', async () => {
    const res = await t.call('POST', '/self-modify/propose', {
      as: 'operator',
      body: { kind: 'config', title: 'Raise the lease', rationale: 'long tasks', target: 'hive.yaml', content: 'leaseMs: 60000' },
    });
    const proposal = (await res.json()) as { id: string };
    const got = await waitFor('the approval request', async () => push.received.find((r) => r.payload.tag === `proposal-${proposal.id}`));
    expect(got.payload).toMatchObject({ title: 'Approval requested', url: `/approvals/${proposal.id}` });
    expect(got.path).toBe('/push/quiet-phone'); // the approver; operators are not asked to approve
  });

  it('forget a subscription the push service says is gone', async () => {
    push.expire('ops-phone');
    await failTask('After the phone was reset');
    const operator = (await t.services.store.users.findByUsername('operator'))!;
    await waitFor('the dead subscription to be removed', async () => (await t.services.store.push.subscriptionsOf([operator.id])).length === 0);
  });
});
