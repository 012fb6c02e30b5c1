import { describe, expect, it } from 'vitest';
import type { Proposal } from '../../../api/types.js';
import { proposalActions } from '../proposal-permissions.js';

function proposal(overrides: Partial<Proposal> = {}): Proposal {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    kind: 'code_patch',
    title: 'Add a greeting',
    rationale: 'Because.',
    state: 'awaiting_approval',
    stateReason: null,
    proposerAgentId: '00000000-0000-4000-8000-000000000002',
    proposerUser: null,
    target: 'hive',
    baseRef: 'abc',
    content: '',
    contentHash: 'f'.repeat(64),
    riskLevel: 'low',
    riskReasons: [],
    diffStat: null,
    conflictsWith: [],
    validation: null,
    application: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

type ValidationStatus = NonNullable<Proposal['validation']>['status'];

const validation = (status: ValidationStatus): Proposal['validation'] => ({
  status,
  runner: 'process',
  isolation: [],
  command: 'npm test',
  exitCode: status === 'passed' ? 0 : 1,
  timedOut: false,
  output: '',
  durationMs: 10,
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: '2026-01-01T00:00:01.000Z',
});

const approver = { username: 'ana', role: 'approver' as const, offline: false };
const admin = { username: 'root', role: 'admin' as const, offline: false };

describe('proposalActions', () => {
  it('lets an approver approve and reject a proposal awaiting approval, not roll it back', () => {
    const actions = proposalActions(proposal({ validation: validation('passed') }), approver);
    expect(actions.approve.allowed).toBe(true);
    expect(actions.reject.allowed).toBe(true);
    expect(actions.approveNeedsOverride).toBe(false);
    expect(actions.rollback).toEqual({ allowed: false, reason: 'Only an applied change can be rolled back.' });
  });

  it('refuses operators and viewers, with the reason', () => {
    const actions = proposalActions(proposal(), { username: 'op', role: 'operator', offline: false });
    expect(actions.approve).toEqual({ allowed: false, reason: 'Deciding takes the approver role; you are an operator.' });
    expect(proposalActions(proposal(), { username: 'v', role: 'viewer', offline: false }).reject).toMatchObject({ allowed: false });
  });

  it('never lets the proposer decide, even an admin', () => {
    const actions = proposalActions(proposal({ proposerAgentId: null, proposerUser: 'root' }), admin);
    expect(actions.approve).toMatchObject({ allowed: false, reason: expect.stringContaining('You proposed this') });
    expect(actions.reject.allowed).toBe(false);
  });

  it('only decides proposals awaiting approval, saying in plain words where it stands', () => {
    expect(proposalActions(proposal({ state: 'validating' }), approver).approve).toEqual({
      allowed: false,
      reason: 'This proposal is still being validated: only a proposal awaiting approval can be decided.',
    });
    expect(proposalActions(proposal({ state: 'failed' }), approver).reject).toEqual({
      allowed: false,
      reason: 'This proposal has failed: only a proposal awaiting approval can be decided.',
    });
  });

  it('checks not passed (failed, error, still running or never run): approvers cannot approve (but can reject); admins need the override', () => {
    const notPassed: Proposal['validation'][] = [validation('failed'), validation('error'), validation('running'), null];
    for (const checks of notPassed) {
      const byApprover = proposalActions(proposal({ validation: checks }), approver);
      expect(byApprover.approve).toMatchObject({ allowed: false, reason: expect.stringContaining('only an admin') });
      expect(byApprover.reject.allowed).toBe(true);
      const byAdmin = proposalActions(proposal({ validation: checks }), admin);
      expect(byAdmin.approve.allowed).toBe(true);
      expect(byAdmin.approveNeedsOverride).toBe(true);
    }
    expect(proposalActions(proposal({ validation: validation('passed') }), admin).approveNeedsOverride).toBe(false);
  });

  it('rolls back applied proposals for approvers, not for operators, not offline', () => {
    expect(proposalActions(proposal({ state: 'applied' }), approver).rollback.allowed).toBe(true);
    expect(proposalActions(proposal({ state: 'applied' }), { ...approver, role: 'operator' }).rollback.allowed).toBe(false);
    expect(proposalActions(proposal({ state: 'applied' }), { ...approver, offline: true }).rollback.allowed).toBe(false);
  });
});
