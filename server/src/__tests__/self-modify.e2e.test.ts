/**
 * Self-modification end to end on a real git repository (DESIGN §4): an agent on the real
 * SDK (scripted Messages API) proposes a patch, validation runs in the sandbox, an approver
 * approves through REST, the merge commit carries the trailers, rollback restores the tree.
 * Then the refusals: the proposer, a viewer, a stale hash, a failed validation without an
 * admin's override, a protected path; and a failing health check that rolls back by itself.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, HistoryEntry, Proposal, ProposalDetail } from '../../../shared/index.js';
import { createTestApp, type TestApp } from '../../test-support/app.js';
import { startMessagesApiServer, type MessagesApiServer, type MessagesRequestBody, type ScriptedOutcome } from '../../test-support/messages-api-server.js';
import { waitFor } from '../../test-support/wait.js';
import { transition } from '../services/self-modify/proposal-records.js';

const REPO = 'demo';
const git = (dir: string, ...args: string[]) => execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { encoding: 'utf8' }).trim();

function makeRepository(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hive-selfmod-repo-'));
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  writeFileSync(join(dir, 'README.md'), '# Demo\n\nA repository Hive agents may change.\n');
  writeFileSync(join(dir, 'app.txt'), 'line one\nline two\nline three\nline four\n');
  git(dir, 'add', '.');
  git(dir, 'commit', '-qm', 'initial');
  return dir;
}

/** A patch that adds `file` with `text`. */
const newFile = (file: string, text: string) => `diff --git a/${file} b/${file}\nnew file mode 100644\n--- /dev/null\n+++ b/${file}\n@@ -0,0 +1,1 @@\n+${text}\n`;
/** A patch that replaces line two of app.txt. */
const editLineTwo = (text: string) => `--- a/app.txt\n+++ b/app.txt\n@@ -1,3 +1,3 @@\n line one\n-line two\n+${text}\n line three\n`;

function firstUserText(req: MessagesRequestBody): string {
  const first = req.messages[0]?.content;
  return typeof first === 'string' ? first : JSON.stringify(first);
}

/** The proposing agent: writes the file, proposes it to the demo repository, reports. */
function proposingAgent(req: MessagesRequestBody): ScriptedOutcome {
  const step = req.messages.filter((m) => m.role === 'assistant').length;
  if (!firstUserText(req).includes('Greet visitors')) return { text: 'Nothing to do.' };
  if (step === 0) return { text: 'Writing the greeting.', toolUses: [{ name: 'write_file', input: { path: 'hello.txt', content: 'Hello, visitor\n' } }] };
  if (step === 1) {
    return {
      text: 'Proposing it for review.',
      toolUses: [{ name: 'submit_proposal', input: { kind: 'code_patch', title: 'Greet visitors', rationale: 'Visitors should be welcomed.', target: REPO, content: newFile('hello.txt', 'Hello, visitor') } }],
    };
  }
  return { text: 'Proposed the greeting; a person will review it.' };
}

describe('self-modification with human approval', () => {
  let api: MessagesApiServer;
  let t: TestApp;
  let repo: string;

  const json = async <T>(res: Response, status: number): Promise<T> => {
    const body = await res.text();
    expect(res.status, body).toBe(status);
    return JSON.parse(body) as T;
  };
  const proposal = async (id: string) => json<ProposalDetail>(await t.call('GET', `/self-modify/${id}`), 200);
  const settled = (id: string, states: Proposal['state'][], timeoutMs = 120_000) =>
    waitFor(`proposal ${id} to reach ${states.join(' or ')}`, async () => {
      const p = await proposal(id);
      return states.includes(p.state) ? p : null;
    }, timeoutMs, 200);
  const propose = async (as: 'operator' | 'approver', body: Record<string, unknown>) =>
    json<Proposal>(await t.call('POST', '/self-modify/propose', { as, body: { kind: 'code_patch', rationale: 'because', target: REPO, ...body } }), 201);

  beforeAll(async () => {
    api = await startMessagesApiServer(Array.from({ length: 10 }, () => proposingAgent));
    t = await createTestApp('pglite', { reachableHub: true, workerEnv: { ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: api.url } });
    repo = makeRepository();
    await json(
      await t.call('POST', '/self-modify/repositories', {
        as: 'admin',
        body: {
          name: REPO,
          path: repo,
          checkCommand: '! grep -rq --exclude-dir=.git FAIL_CHECK .',
          healthCommand: '! grep -rq --exclude-dir=.git BREAK_HEALTH .',
          protectedPaths: ['secrets/**'],
        },
      }),
      201,
    );
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await api?.close();
  });

  it('an agent proposes, validation runs in a sandbox, an approver approves, the commit carries trailers, rollback restores the tree', async () => {
    const before = git(repo, 'rev-parse', 'HEAD^{tree}');
    await t.call('POST', '/agents', { as: 'operator', body: { name: 'proposer', type: 'backend', start: true } });
    await t.call('POST', '/tasks', { as: 'operator', body: { title: 'Greet visitors', type: 'backend' } });
    const { items } = await waitFor('the agent to propose', async () => {
      const page = await json<{ items: Proposal[] }>(await t.call('GET', `/self-modify?kind=code_patch&limit=5`), 200);
      return page.items.some((p) => p.title === 'Greet visitors') ? page : null;
    }, 60_000, 200);
    const proposed = items.find((p) => p.title === 'Greet visitors')!;
    expect(proposed.proposerAgentId).toEqual(expect.any(String));

    const ready = await settled(proposed.id, ['awaiting_approval', 'failed']);
    expect(ready.state, JSON.stringify(ready.validation)).toBe('awaiting_approval');
    expect(ready.validation).toMatchObject({ status: 'passed', exitCode: 0, command: expect.stringContaining('FAIL_CHECK') });
    expect(['docker', 'process']).toContain(ready.validation!.runner);
    // Under CI the Docker Engine runs: the check must have run in the hardened container.
    if (process.env.CI) expect(ready.validation!.runner).toBe('docker');
    expect(ready.validation!.isolation.join(' ')).toMatch(/network/);
    expect(ready.riskLevel).toBe('low');
    expect(ready.diffStat).toMatchObject({ added: 1, removed: 0, files: [{ path: 'hello.txt', change: 'added' }] });

    await json(await t.call('POST', `/self-modify/${proposed.id}/approve`, { as: 'approver', body: { contentHash: ready.contentHash, comment: 'A friendly touch.' } }), 200);
    const applied = await settled(proposed.id, ['applied', 'failed', 'rolled_back']);
    expect(applied.state, applied.stateReason ?? '').toBe('applied');
    const merge = applied.application!.mergeCommit!;
    const message = git(repo, 'log', '-1', '--format=%B', merge);
    expect(message).toContain(`Proposal-Id: ${proposed.id}`);
    expect(message).toContain('Approved-by: approver');
    expect(message).toContain(`Content-Hash: ${ready.contentHash}`);
    expect(git(repo, 'rev-parse', 'HEAD')).toBe(merge);
    expect(git(repo, 'show', 'HEAD:hello.txt')).toBe('Hello, visitor');
    expect(git(repo, 'branch', '--list', `hive/proposal-${proposed.id}`)).toContain(`hive/proposal-${proposed.id}`);
    expect(git(repo, 'log', '-1', '--format=%B', applied.application!.commit!)).toContain(`Proposal-Id: ${proposed.id}`);

    const rolledBack = await json<Proposal>(await t.call('POST', `/self-modify/${proposed.id}/rollback`, { as: 'approver', body: { reason: 'Trying without it' } }), 200);
    expect(rolledBack).toMatchObject({ state: 'rolled_back', stateReason: 'Trying without it' });
    expect(git(repo, 'rev-parse', 'HEAD^{tree}')).toBe(before);
    expect(git(repo, 'log', '-1', '--format=%B')).toContain('Rolled-back-by: approver');

    const history = await json<{ items: HistoryEntry[] }>(await t.call('GET', `/self-modify/history?proposalId=${proposed.id}`), 200);
    expect(history.items.map((h) => h.action)).toEqual(['rolled_back', 'applied']);
    expect(history.items[1]!.gitCommit).toBe(merge);

    const trail = await json<{ items: AuditEntry[] }>(await t.call('GET', `/self-modify/${proposed.id}/trail`), 200);
    const approval = trail.items.find((e) => e.action === 'proposal.approved')!;
    expect(approval.actor).toMatch(/approver$/);
    expect(approval).toMatchObject({ details: { contentHash: ready.contentHash, comment: 'A friendly touch.', decision: 'approved' } });
    expect(trail.items.map((e) => e.action)).toEqual(expect.arrayContaining(['proposal.proposed', 'proposal.validated', 'proposal.approved', 'proposal.applied', 'proposal.rolled_back']));
  }, 240_000);

  it('refuses the proposer, a viewer and a stale hash', async () => {
    const mine = await propose('approver', { title: 'Mine', content: newFile('mine.txt', 'mine') });
    const ready = await settled(mine.id, ['awaiting_approval']);
    const self = await t.call('POST', `/self-modify/${mine.id}/approve`, { as: 'approver', body: { contentHash: ready.contentHash } });
    expect(self.status).toBe(403);
    expect(((await self.json()) as { message: string }).message).toMatch(/you proposed this change/);
    expect((await t.call('POST', `/self-modify/${mine.id}/approve`, { as: 'viewer', body: { contentHash: ready.contentHash } })).status).toBe(403);
    expect((await t.call('POST', `/self-modify/${mine.id}/reject`, { as: 'operator', body: { contentHash: ready.contentHash, comment: 'no' } })).status).toBe(403);

    const changing = await propose('operator', { title: 'Changing', content: newFile('changing.txt', 'first') });
    const seen = await settled(changing.id, ['awaiting_approval']);
    await json(await t.call('PUT', `/self-modify/${changing.id}`, { as: 'operator', body: { content: newFile('changing.txt', 'second') } }), 200);
    const revised = await settled(changing.id, ['awaiting_approval']);
    expect(revised.contentHash).not.toBe(seen.contentHash);
    const stale = await t.call('POST', `/self-modify/${changing.id}/approve`, { as: 'approver', body: { contentHash: seen.contentHash } });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { message: string }).message).toMatch(/changed since you reviewed it/);
    await json(await t.call('POST', `/self-modify/${changing.id}/reject`, { as: 'approver', body: { contentHash: revised.contentHash, comment: 'Not needed after all' } }), 200);
    expect((await proposal(changing.id)).reviews).toMatchObject([{ decision: 'rejected', contentHash: revised.contentHash, reviewer: 'approver', comment: 'Not needed after all' }]);
  }, 240_000);

  it('a patch that fails validation needs an admin with an explicit override', async () => {
    const failing = await propose('operator', { title: 'Fails its check', content: newFile('bad.txt', 'FAIL_CHECK') });
    const ready = await settled(failing.id, ['awaiting_approval', 'failed']);
    expect(ready).toMatchObject({ state: 'awaiting_approval', validation: { status: 'failed', exitCode: 1 } });
    const plain = await t.call('POST', `/self-modify/${failing.id}/approve`, { as: 'approver', body: { contentHash: ready.contentHash } });
    expect(plain.status).toBe(422);
    expect(((await plain.json()) as { message: string }).message).toContain('override');
    const notAdmin = await t.call('POST', `/self-modify/${failing.id}/approve`, { as: 'approver', body: { contentHash: ready.contentHash, override: true } });
    expect(notAdmin.status).toBe(403);
    await json(await t.call('POST', `/self-modify/${failing.id}/approve`, { as: 'admin', body: { contentHash: ready.contentHash, override: true, comment: 'Known false alarm' } }), 200);
    const applied = await settled(failing.id, ['applied', 'failed', 'rolled_back']);
    expect(applied.state).toBe('applied');
    expect(applied.reviews.at(-1)).toMatchObject({ reviewer: 'admin', override: true });
    await json(await t.call('POST', `/self-modify/${failing.id}/rollback`, { as: 'admin', body: {} }), 200);
  }, 240_000);

  it('a person cannot propose in an agent\'s name', async () => {
    const res = await t.call('POST', '/self-modify/propose', { as: 'operator', body: { kind: 'config', title: 't', rationale: 'r', target: 'x.json', content: '{}', proposerAgentId: crypto.randomUUID() } });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { message: string }).message).toContain('proposerAgentId');
  });

  it('refuses protected paths outright and marks conflicting proposals', async () => {
    const secret = await t.call('POST', '/self-modify/propose', { as: 'operator', body: { kind: 'code_patch', title: 'x', rationale: 'y', target: REPO, content: newFile('secrets/key.txt', 'k') } });
    expect(secret.status).toBe(422);
    expect(((await secret.json()) as { message: string }).message).toMatch(/content: changes the protected path secrets\/key.txt/);
    const auth = await t.call('POST', '/self-modify/propose', {
      as: 'operator',
      body: { kind: 'code_patch', title: 'Loosen auth', rationale: 'y', target: 'hive', content: '--- a/server/src/auth/principal.ts\n+++ b/server/src/auth/principal.ts\n@@ -1 +1 @@\n-a\n+b\n' },
    });
    expect(auth.status).toBe(422);
    expect(((await auth.json()) as { message: string }).message).toContain('server/src/auth/principal.ts');
    // Other spellings git applies to the same path are refused too: any first component, C-quoted names.
    for (const header of ['x/secrets/key.txt', '"b/secr\\145ts/key.txt"']) {
      const odd = await t.call('POST', '/self-modify/propose', { as: 'operator', body: { kind: 'code_patch', title: 'x', rationale: 'y', target: REPO, content: `--- /dev/null\n+++ ${header}\n@@ -0,0 +1,1 @@\n+k\n` } });
      expect(odd.status, header).toBe(422);
    }
    // And git itself is the last word: a path that became protected after the proposal arrived is
    // refused by validation from what the applied patch changes, as git reports it.
    const validateLater = t.services.proposals.onProposed;
    t.services.proposals.onProposed = () => {};
    const late = await propose('operator', { title: 'Late', content: newFile('later/x.txt', 'x') });
    const { createdAt: _createdAt, ...repoRow } = (await t.services.store.codeRepositories.get(REPO))!;
    await t.services.store.codeRepositories.upsert({ ...repoRow, protectedPaths: [...repoRow.protectedPaths, 'later/**'] });
    t.services.proposals.onProposed = validateLater;
    t.services.pipeline!.validateSoon(late.id);
    const refused = await settled(late.id, ['failed', 'awaiting_approval']);
    expect(refused.state).toBe('failed');
    expect(refused.stateReason).toMatch(/protected path later\/x.txt/);
    await t.services.store.codeRepositories.upsert(repoRow);

    const a = await propose('operator', { title: 'Line two, one way', content: editLineTwo('line 2') });
    const b = await propose('operator', { title: 'Line two, another way', content: editLineTwo('LINE TWO') });
    expect(b.conflictsWith).toEqual([a.id]);
    expect((await proposal(a.id)).conflictsWith).toEqual([b.id]);
    const ready = await settled(b.id, ['awaiting_approval']);
    await json(await t.call('POST', `/self-modify/${b.id}/reject`, { as: 'approver', body: { contentHash: ready.contentHash, comment: 'Keep the other' } }), 200);
    expect((await proposal(a.id)).conflictsWith).toEqual([]);
  }, 240_000);

  it('a starting hub leaves a proposal alone while another hub holds its lease, and recovers it once nobody does', async () => {
    const p = await propose('operator', { title: 'Cut off mid-apply', content: newFile('cut-off.txt', 'cut off') });
    await settled(p.id, ['awaiting_approval']);
    // As if a hub had begun applying it: the state, and the lease that hub holds while it works.
    await t.services.store.transaction((tx) => transition(tx, 'test', p.id, ['awaiting_approval'], { state: 'applying' }));
    const lease = (await t.hub.broker.tryLock(`self-modify:proposal:${p.id}`, 30_000))!;
    expect(lease).not.toBeNull();
    await t.services.pipeline!.recover();
    expect((await proposal(p.id)).state).toBe('applying');
    // That hub died (its lease is gone): the next recovery marks the apply as cut off.
    await lease.release();
    await t.services.pipeline!.recover();
    expect(await proposal(p.id)).toMatchObject({ state: 'failed', stateReason: expect.stringMatching(/stopped while applying/) });
  }, 240_000);

  it('rolls back by itself when the health check fails after apply', async () => {
    const before = git(repo, 'rev-parse', 'HEAD^{tree}');
    const breaking = await propose('operator', { title: 'Breaks health', content: newFile('health.txt', 'BREAK_HEALTH') });
    const ready = await settled(breaking.id, ['awaiting_approval']);
    expect(ready.validation?.status).toBe('passed');
    await json(await t.call('POST', `/self-modify/${breaking.id}/approve`, { as: 'approver', body: { contentHash: ready.contentHash } }), 200);
    const done = await settled(breaking.id, ['rolled_back', 'applied', 'failed']);
    expect(done.state).toBe('rolled_back');
    expect(done.stateReason).toMatch(/health check failed/);
    expect(done.application?.health).toMatchObject({ ok: false });
    expect(git(repo, 'rev-parse', 'HEAD^{tree}')).toBe(before);
    const history = await json<{ items: HistoryEntry[] }>(await t.call('GET', `/self-modify/history?proposalId=${breaking.id}`), 200);
    expect(history.items[0]).toMatchObject({ action: 'rolled_back', automatic: true });
  }, 240_000);

  it('prompt changes switch the active version, an allow-rule approves small ones by the meta agent, rollback restores the previous', async () => {
    const rule = await json<{ id: string }>(
      await t.call('POST', '/self-modify/rules', { as: 'admin', body: { description: 'QA prompt tweaks by the meta agent', kind: 'prompt', target: 'qa', proposerType: 'meta', maxLines: 20 } }),
      201,
    );
    const meta = await json<{ id: string }>(await t.call('POST', '/agents', { as: 'operator', body: { name: 'meta', type: 'meta' } }), 201);
    const qa = await t.services.store.agentTypes.get('qa');
    const previous = (await t.services.store.agentTypes.getPrompt('qa', qa!.activePromptVersion))!.prompt;
    // As the agent gateway does for the meta agent's submit_proposal (REST cannot name an agent).
    const asMeta = (title: string, content: string) => t.services.proposals.propose(`agent:${meta.id}`, { kind: 'prompt', title, rationale: 'r', target: 'qa', content, proposerAgentId: meta.id }, null);
    const tweak = await asMeta('Ask for reproduction steps', `${previous}\nAlways write down the steps to reproduce a bug.`);
    const applied = await settled(tweak.id, ['applied', 'failed', 'awaiting_approval']);
    expect(applied.state).toBe('applied');
    expect(applied.reviews[0]).toMatchObject({ reviewer: `rule:${rule.id}`, ruleId: rule.id });
    expect((await t.services.store.agentTypes.get('qa'))!.activePromptVersion).toBe(applied.application!.version);
    await json(await t.call('POST', `/self-modify/${tweak.id}/rollback`, { as: 'approver', body: {} }), 200);
    expect((await t.services.store.agentTypes.get('qa'))!.activePromptVersion).toBe(qa!.activePromptVersion);

    await json(await t.call('DELETE', `/self-modify/rules/${rule.id}`, { as: 'admin' }), 200);
    const current = (await t.services.store.agentTypes.getPrompt('qa', qa!.activePromptVersion))!.prompt;
    const later = await asMeta('Another tweak', `${current}\nBe brief.`);
    expect((await settled(later.id, ['awaiting_approval', 'applied'])).state).toBe('awaiting_approval');
  }, 240_000);
});
