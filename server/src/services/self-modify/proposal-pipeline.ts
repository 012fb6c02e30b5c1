/**
 * The self-modify pipeline (DESIGN §4): validation in a sandbox, apply on its own branch with
 * a checkpoint first, health checks after, automatic rollback when they fail, and rollback on
 * request. One proposal's steps run one at a time in this hub (a queue), and each step starts
 * with a guarded state transition, so two hubs never work on the same proposal. While a step
 * works a proposal it holds that proposal's lease in the broker, so a starting hub recovers
 * only what no live hub is working on (see recover()).
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Proposal, ProposalApplication, ProposalValidation } from '../../../../shared/index.js';
import { AppError } from '../../errors.js';
import type { Broker, Lock } from '../../broker/port.js';
import type { GitPort } from '../../git/port.js';
import type { SandboxLimits, SandboxRunner } from '../../sandbox/port.js';
import type { Repositories, Store } from '../../store/store.js';
import type { RepositoryRecord } from '../../store/repos/self-modify.js';
import type { ApprovalService } from '../approval-service.js';
import { matchesAny, protectedPathsFor } from './protected-paths.js';
import { recordAudit, transition, updateProposal } from './proposal-records.js';

const SYSTEM = 'system:self-modify';

export interface PipelineOptions {
  /** Where worktrees for validation and apply are made. */
  workDir: string;
  limits: SandboxLimits;
  /** The hub's own health after an apply (store, broker, runtime). */
  hubHealth: () => Promise<{ ok: boolean; detail: string }>;
  /** Where the per-proposal leases live (shared by every hub). */
  locks: Pick<Broker, 'tryLock'>;
  log: (line: string) => void;
}

/** A step's lease on its proposal; renewed while the step runs (a check may take minutes). */
const LEASE_MS = 30_000;
const leaseName = (id: string) => `self-modify:proposal:${id}`;

const EMPTY_APPLICATION: ProposalApplication = {
  checkpointId: null, branch: null, commit: null, mergeCommit: null, previousHead: null, previousVersion: null, version: null,
  health: null, appliedAt: null, appliedBy: null, rollbackCommit: null, rolledBackAt: null, rolledBackBy: null,
};

export class ProposalPipeline {
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly git: GitPort,
    private readonly sandbox: SandboxRunner,
    private readonly approvals: ApprovalService,
    private readonly options: PipelineOptions,
  ) {}

  /** Resolves when every step queued so far has finished (tests, shutdown). */
  idle(): Promise<void> {
    return this.queue;
  }

  stop(): Promise<void> {
    this.stopped = true;
    return this.queue;
  }

  validateSoon(id: string): void {
    this.enqueue(`validate ${id}`, () => this.leased(id, () => this.validate(id)));
  }

  applySoon(id: string, approver: string): void {
    this.enqueue(`apply ${id}`, () => this.leased(id, () => this.apply(id, approver)));
  }

  /**
   * After a restart: validate what waits for it, apply what was approved, fail what was cut
   * off mid-apply — leaving alone any proposal whose lease a live hub holds (it is working on it).
   */
  async recover(): Promise<void> {
    for (const p of await this.store.proposals.inStates(['proposed', 'validating'])) {
      if (p.state === 'validating') {
        if (!(await this.orphaned(p.id))) continue;
        await this.store.transaction((tx) => transition(tx, SYSTEM, p.id, ['validating'], { state: 'proposed', validation: null }));
      }
      this.validateSoon(p.id);
    }
    for (const p of await this.store.proposals.inStates(['approved'])) {
      const approver = (await this.store.proposals.reviews(p.id)).findLast((r) => r.decision === 'approved')?.reviewer ?? 'unknown';
      this.applySoon(p.id, approver);
    }
    for (const p of await this.store.proposals.inStates(['applying'])) {
      if (!(await this.orphaned(p.id))) continue;
      await this.store.transaction((tx) =>
        transition(tx, SYSTEM, p.id, ['applying'], { state: 'failed', stateReason: 'the hub stopped while applying; compare the target with the checkpoint before trying again' }),
      );
    }
  }

  /** Nobody holds the proposal's lease: the hub that was working on it is gone. */
  private async orphaned(id: string): Promise<boolean> {
    const lease = await this.options.locks.tryLock(leaseName(id), LEASE_MS);
    if (!lease) {
      this.options.log(`self-modify: proposal ${id} is being worked on by another hub; leaving it`);
      return false;
    }
    await lease.release();
    return true;
  }

  /** Run a step holding the proposal's lease, renewed until the step ends; skipped if another hub holds it. */
  private async leased<T>(id: string, step: () => Promise<T>): Promise<T | undefined> {
    const lease: Lock | null = await this.options.locks.tryLock(leaseName(id), LEASE_MS);
    if (!lease) {
      this.options.log(`self-modify: proposal ${id} is being worked on by another hub; skipping`);
      return undefined;
    }
    const renew = setInterval(() => void lease.extend(LEASE_MS).catch(() => false), LEASE_MS / 3);
    renew.unref();
    try {
      return await step();
    } finally {
      clearInterval(renew);
      await lease.release().catch(() => false);
    }
  }

  private enqueue(what: string, step: () => Promise<void>): void {
    this.queue = this.queue.then(async () => {
      if (this.stopped) return;
      try {
        await step();
      } catch (err) {
        this.options.log(`self-modify: ${what} failed: ${(err as Error).message}`);
      }
    });
  }

  // Validation

  async validate(id: string): Promise<void> {
    const startedAt = new Date().toISOString();
    const running: ProposalValidation = { status: 'running', runner: 'none', isolation: [], command: null, exitCode: null, timedOut: false, output: '', durationMs: null, startedAt, finishedAt: null };
    const p = await this.store.transaction((tx) => transition(tx, SYSTEM, id, ['proposed'], { state: 'validating', validation: running, stateReason: null }));
    if (!p) return;
    let validation: ProposalValidation;
    try {
      validation = p.kind === 'code_patch' ? await this.runCheck(p, running) : checkText(p, running);
    } catch (err) {
      validation = { ...running, status: 'error', output: (err as Error).message, finishedAt: new Date().toISOString() };
    }
    await this.store.transaction(async (tx) => {
      const unappliable = validation.status === 'error';
      const done = await transition(tx, SYSTEM, id, ['validating'], {
        state: unappliable ? 'failed' : 'awaiting_approval',
        validation,
        stateReason: unappliable ? `validation could not run: ${validation.output.split('\n')[0]}` : null,
      });
      if (!done) return;
      await recordAudit(tx, SYSTEM, 'validated', done, { status: validation.status, runner: validation.runner, exitCode: validation.exitCode, durationMs: validation.durationMs });
      if (validation.status === 'passed') await this.approvals.approveByRule(tx, done);
    });
    const after = await this.store.proposals.get(id);
    if (after?.state === 'approved') this.applySoon(id, (await this.store.proposals.reviews(id)).findLast((r) => r.decision === 'approved')!.reviewer);
  }

  /** Apply the patch to a fresh worktree at its base and run the repository's check there. */
  private async runCheck(p: Proposal, running: ProposalValidation): Promise<ProposalValidation> {
    const repo = await this.repository(p.target);
    return this.withWorktree(repo, `validate-${p.id}`, p.baseRef, undefined, async (dir) => {
      const applied = await this.git.apply(dir, p.content);
      if (!applied.ok) return { ...running, status: 'error', output: `The patch does not apply to ${p.baseRef.slice(0, 12)}:\n${applied.output}`, finishedAt: new Date().toISOString() };
      const refusal = await this.protectedChange(repo, dir);
      if (refusal) return { ...running, status: 'error', output: refusal, finishedAt: new Date().toISOString() };
      const result = await this.sandbox.run({ workdir: dir, command: repo.checkCommand, limits: this.options.limits, readOnlyMounts: dependencyMounts(repo) });
      return {
        status: result.exitCode === 0 && !result.timedOut ? 'passed' : 'failed',
        runner: result.runner,
        isolation: result.isolation,
        command: repo.checkCommand,
        exitCode: result.exitCode,
        timedOut: result.timedOut,
        output: result.output,
        durationMs: Math.round(result.durationMs),
        startedAt: running.startedAt,
        finishedAt: new Date().toISOString(),
      };
    });
  }

  // Apply

  async apply(id: string, approver: string): Promise<void> {
    const p = await this.store.transaction((tx) => transition(tx, SYSTEM, id, ['approved'], { state: 'applying' }));
    if (!p) return;
    const application: ProposalApplication = { ...EMPTY_APPLICATION, appliedBy: approver };
    try {
      if (p.kind === 'code_patch') await this.applyPatch(p, approver, application);
      else await this.applyText(p, approver, application);
    } catch (err) {
      const reason = `apply failed: ${(err as Error).message}`;
      await this.store.transaction(async (tx) => {
        const failed = await updateProposal(tx, SYSTEM, id, { state: 'failed', stateReason: reason, application });
        await recordAudit(tx, SYSTEM, 'apply_failed', failed, { reason });
      });
      return;
    }
    // Recorded before the health check: whatever happens next, the merge is on record.
    await this.store.transaction((tx) => updateProposal(tx, SYSTEM, id, { application }));
    const health = await this.healthCheck(p, application).catch((err: Error) => ({ ok: false, output: `the health check could not run: ${err.message}` }));
    application.health = health;
    if (health.ok) {
      await this.store.transaction(async (tx) => {
        const applied = await updateProposal(tx, SYSTEM, id, { state: 'applied', application });
        await recordAudit(tx, SYSTEM, 'applied', applied, { approver, commit: application.mergeCommit, version: application.version });
      });
      return;
    }
    await this.store.transaction((tx) => updateProposal(tx, SYSTEM, id, { application }));
    try {
      await this.rollbackNow(id, SYSTEM, `health check failed after apply: ${health.output.slice(-500)}`, true);
    } catch (err) {
      const reason = `health check failed after apply and the automatic rollback failed too: ${(err as Error).message}`;
      await this.store.transaction(async (tx) => {
        const failed = await updateProposal(tx, SYSTEM, id, { state: 'failed', stateReason: reason });
        await recordAudit(tx, SYSTEM, 'rollback_failed', failed, { reason });
      });
    }
  }

  private async applyPatch(p: Proposal, approver: string, application: ProposalApplication): Promise<void> {
    const repo = await this.repository(p.target);
    const head = await this.git.resolveCommit(repo.path, repo.targetBranch);
    if (!head) throw new Error(`branch ${repo.targetBranch} no longer exists`);
    application.previousHead = head;
    application.checkpointId = (await this.checkpoint(p, 'pre_apply', approver, head, { previousHead: head })).id;
    const branch = `hive/proposal-${p.id}`;
    application.branch = branch;
    const trailers = { 'Proposal-Id': p.id, 'Proposed-by': proposer(p), 'Approved-by': approver, 'Content-Hash': p.contentHash };
    application.commit = await this.withWorktree(repo, `apply-${p.id}`, p.baseRef, branch, async (dir) => {
      const applied = await this.git.apply(dir, p.content);
      if (!applied.ok) throw new Error(`the patch no longer applies to ${p.baseRef.slice(0, 12)}: ${applied.output.trim()}`);
      const refusal = await this.protectedChange(repo, dir);
      if (refusal) throw new Error(refusal);
      return this.git.commit(dir, p.title, p.rationale, trailers);
    });
    application.mergeCommit = await this.onTargetBranch(repo, `merge-${p.id}`, (dir) => this.git.merge(dir, branch, `Merge proposal ${p.id.slice(0, 8)}: ${p.title}`, trailers));
    application.appliedAt = new Date().toISOString();
  }

  /** Prompt and config proposals add a version and switch to it; the previous one stays for rollback. */
  private async applyText(p: Proposal, approver: string, application: ProposalApplication): Promise<void> {
    await this.store.transaction(async (tx) => {
      const base = Number(p.baseRef);
      if (p.kind === 'prompt') {
        const type = await tx.agentTypes.get(p.target);
        if (!type) throw new Error(`agent type ${p.target} no longer exists`);
        if (type.activePromptVersion !== base) throw new Error(`the ${p.target} prompt is at version ${type.activePromptVersion} now, not ${base}`);
        application.version = (await tx.agentTypes.addPrompt(p.target, p.content, approver)).version;
        await tx.agentTypes.activate(p.target, application.version);
      } else {
        const doc = await tx.configDocuments.get(p.target);
        if ((doc?.activeVersion ?? 0) !== base) throw new Error(`${p.target} is at version ${doc?.activeVersion ?? 0} now, not ${base}`);
        application.version = doc ? await tx.configDocuments.addVersion(p.target, p.content, approver) : (await tx.configDocuments.create(p.target, '', p.content, approver)).activeVersion;
        await tx.configDocuments.activate(p.target, application.version);
      }
      application.previousVersion = base;
      application.checkpointId = (await this.checkpoint(p, 'pre_apply', approver, null, { version: application.version, previousVersion: base }, tx)).id;
      application.appliedAt = new Date().toISOString();
    });
  }

  /** The repository's health command on the merged tree (code), then the hub's own health. */
  private async healthCheck(p: Proposal, application: ProposalApplication): Promise<{ ok: boolean; output: string }> {
    const lines: string[] = [];
    if (p.kind === 'code_patch') {
      const repo = await this.repository(p.target);
      if (repo.healthCommand && application.mergeCommit) {
        const result = await this.withWorktree(repo, `health-${p.id}`, application.mergeCommit, undefined, (dir) =>
          this.sandbox.run({ workdir: dir, command: repo.healthCommand!, limits: this.options.limits, readOnlyMounts: dependencyMounts(repo) }),
        );
        lines.push(`$ ${repo.healthCommand}  (exit ${result.exitCode ?? 'none'}${result.timedOut ? ', timed out' : ''})`, result.output.trim());
        if (result.exitCode !== 0 || result.timedOut) return { ok: false, output: lines.join('\n') };
      }
    }
    const hub = await this.options.hubHealth().catch((err: Error) => ({ ok: false, detail: err.message }));
    lines.push(`hub health: ${hub.ok ? 'ok' : 'failing'} (${hub.detail})`);
    return { ok: hub.ok, output: lines.join('\n') };
  }

  // Rollback

  /**
   * Undo an applied proposal: revert its merge (code) or reactivate the previous version, with
   * a new checkpoint. `by` names the person in trailers and history; `actor` in the audit log.
   */
  rollback(id: string, by: string, reason: string | undefined, actor = by): Promise<Proposal> {
    // In the queue: never at the same time as an apply or another rollback in this hub.
    const run = this.queue.then(async () => {
      const done = await this.leased(id, () => this.rollbackNow(id, by, reason, false, actor));
      if (!done) throw new AppError('CONFLICT', 'another hub is working on this proposal right now; try again in a moment');
      return done;
    });
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async rollbackNow(id: string, by: string, reason: string | undefined, automatic: boolean, actor = by): Promise<Proposal> {
    const p = await this.store.proposals.get(id);
    if (!p) throw AppError.notFound('proposal', id);
    const allowed: Proposal['state'][] = automatic ? ['applying'] : ['applied'];
    if (!allowed.includes(p.state)) throw new AppError('CONFLICT', `only an applied proposal can be rolled back; this one is ${p.state.replace(/_/g, ' ')}`, { state: p.state });
    const application = { ...EMPTY_APPLICATION, ...p.application };
    const why = reason ?? 'rolled back on request';
    let gitCommit: string | null = null;
    if (p.kind === 'code_patch') {
      const repo = await this.repository(p.target);
      if (!application.mergeCommit) throw new AppError('CONFLICT', 'nothing to roll back: the proposal has no merge commit');
      const trailers = { 'Proposal-Id': p.id, 'Rolled-back-by': by, Reverts: application.mergeCommit };
      try {
        gitCommit = await this.onTargetBranch(repo, `rollback-${p.id}`, (dir) => this.git.revert(dir, application.mergeCommit!, true, `Roll back proposal ${p.id.slice(0, 8)}: ${p.title}`, why, trailers));
      } catch (err) {
        throw new AppError('CONFLICT', `the revert does not apply cleanly (later changes touch the same lines): ${(err as Error).message}`);
      }
      application.rollbackCommit = gitCommit;
    }
    return this.store.transaction(async (tx) => {
      if (p.kind !== 'code_patch') {
        const active = p.kind === 'prompt' ? (await tx.agentTypes.get(p.target))?.activePromptVersion : (await tx.configDocuments.get(p.target))?.activeVersion;
        if (active !== application.version) {
          throw new AppError('CONFLICT', `${p.target} is at version ${active ?? 'none'} now, not the version ${application.version} this proposal made: roll back the later change first`);
        }
      }
      if (p.kind === 'prompt') await tx.agentTypes.activate(p.target, application.previousVersion!);
      if (p.kind === 'config') await tx.configDocuments.activate(p.target, application.previousVersion!);
      await this.checkpoint(p, 'post_rollback', by, gitCommit, { reason: why, automatic, version: application.previousVersion }, tx);
      application.rolledBackAt = new Date().toISOString();
      application.rolledBackBy = by;
      const rolledBack = await transition(tx, actor, id, allowed, { state: 'rolled_back', stateReason: why, application });
      if (!rolledBack) throw new AppError('CONFLICT', 'the proposal changed state during the rollback');
      await recordAudit(tx, actor, automatic ? 'rolled_back_automatically' : 'rolled_back', rolledBack, { reason: why, commit: gitCommit, version: application.previousVersion });
      return rolledBack;
    });
  }

  // Helpers

  /**
   * The authority on what a patch touches is git itself, after applying it: our reader of the
   * diff text refuses protected paths at once, this catches any spelling it does not understand.
   */
  private async protectedChange(repo: RepositoryRecord, worktree: string): Promise<string | null> {
    const guarded = protectedPathsFor(repo);
    for (const path of await this.git.stagedPaths(worktree)) {
      const pattern = matchesAny(path, guarded);
      if (pattern) return `Refused: the patch changes the protected path ${path} (${pattern}).`;
    }
    return null;
  }

  private async repository(name: string): Promise<RepositoryRecord> {
    const repo = await this.store.codeRepositories.get(name);
    if (!repo) throw new Error(`repository ${name} is not registered`);
    return repo;
  }

  private async withWorktree<T>(repo: RepositoryRecord, name: string, ref: string, branch: string | undefined, fn: (dir: string) => Promise<T>): Promise<T> {
    await mkdir(this.options.workDir, { recursive: true });
    const dir = join(this.options.workDir, name);
    await this.git.removeWorktree(repo.path, dir);
    await this.git.addWorktree(repo.path, dir, ref, branch);
    try {
      return await fn(dir);
    } finally {
      await this.git.removeWorktree(repo.path, dir);
    }
  }

  /** Run `fn` in the worktree where the target branch is checked out (it must be clean), or in a temporary one. */
  private async onTargetBranch<T>(repo: RepositoryRecord, name: string, fn: (dir: string) => Promise<T>): Promise<T> {
    const checkedOut = await this.git.checkedOutAt(repo.path, repo.targetBranch);
    if (!checkedOut) return this.withWorktree(repo, name, repo.targetBranch, repo.targetBranch, fn);
    if (!(await this.git.isClean(checkedOut))) throw new Error(`${checkedOut} has uncommitted changes on ${repo.targetBranch}; commit or stash them first`);
    return fn(checkedOut);
  }

  private async checkpoint(p: Proposal, kind: 'pre_apply' | 'post_rollback', by: string, gitCommit: string | null, state: Record<string, unknown>, tx?: Repositories) {
    const write = (r: Repositories) =>
      r.checkpoints.insert({ id: crypto.randomUUID(), label: `${kind === 'pre_apply' ? 'Before applying' : 'After rolling back'} proposal: ${p.title}`, kind, gitCommit, proposalId: p.id, state, createdBy: by });
    const checkpoint = tx ? await write(tx) : await this.store.transaction(write);
    return checkpoint;
  }
}

/** Prompt and config proposals need no sandbox: their check is that the text is usable. */
function checkText(p: Proposal, running: ProposalValidation): ProposalValidation {
  const finishedAt = new Date().toISOString();
  const lines = p.content.split('\n').length;
  const base = { ...running, runner: 'none' as const, durationMs: 0, finishedAt, exitCode: 0 };
  if (p.content.includes('\u0000')) return { ...base, status: 'failed', exitCode: 1, output: 'The text contains a NUL character.' };
  if (p.kind === 'config' && p.target.endsWith('.json')) {
    try {
      JSON.parse(p.content);
    } catch (err) {
      return { ...base, status: 'failed', exitCode: 1, output: `${p.target} is not valid JSON: ${(err as Error).message}` };
    }
    return { ...base, status: 'passed', output: `${p.target}: valid JSON, ${lines} lines. No sandbox run is needed for a config document.` };
  }
  if (p.kind === 'prompt' && p.content.trim().length < 20) return { ...base, status: 'failed', exitCode: 1, output: 'A system prompt shorter than 20 characters cannot describe a role.' };
  return { ...base, status: 'passed', output: `${p.kind === 'prompt' ? 'Prompt' : p.target}: ${lines} lines, ${p.content.length} characters of text. No sandbox run is needed for ${p.kind === 'prompt' ? 'a prompt' : 'a config document'}.` };
}

/** A Node repository's installed dependencies, lent read-only (the sandbox has no network to install them). */
function dependencyMounts(repo: RepositoryRecord) {
  const modules = join(repo.path, 'node_modules');
  return existsSync(modules) ? [{ hostPath: modules, sandboxPath: '/workspace/node_modules' }] : [];
}

function proposer(p: Proposal): string {
  return p.proposerAgentId ? `agent:${p.proposerAgentId}` : `user:${p.proposerUser ?? 'unknown'}`;
}
