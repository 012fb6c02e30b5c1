import { z } from 'zod';
import { Id, Pagination, Timestamp } from './common.js';

export const PROPOSAL_KINDS = ['code_patch', 'prompt', 'config'] as const;
export const ProposalKind = z.enum(PROPOSAL_KINDS);

export const PROPOSAL_STATES = [
  'proposed',
  'validating',
  'awaiting_approval',
  'approved',
  'applying',
  'applied',
  'rejected',
  'failed',
  'rolled_back',
] as const;
export const ProposalState = z.enum(PROPOSAL_STATES);
export type ProposalState = z.infer<typeof ProposalState>;

export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export const RiskLevel = z.enum(RISK_LEVELS);
export type RiskLevel = z.infer<typeof RiskLevel>;

/** States in which a proposal still waits to be decided or applied (conflicts are computed among these). */
export const OPEN_PROPOSAL_STATES = ['proposed', 'validating', 'awaiting_approval', 'approved', 'applying'] as const satisfies readonly ProposalState[];

export const DiffFileStat = z.object({
  path: z.string(),
  added: z.number().int(),
  removed: z.number().int(),
  change: z.enum(['modified', 'added', 'deleted', 'renamed', 'binary']),
});
export const DiffStat = z
  .object({
    files: z.array(DiffFileStat),
    added: z.number().int(),
    removed: z.number().int(),
  })
  .meta({ id: 'DiffStat' });
export type DiffStat = z.infer<typeof DiffStat>;

export const ProposalValidation = z
  .object({
    status: z.enum(['running', 'passed', 'failed', 'error']).describe('error: the check could not run (e.g. the patch does not apply)'),
    runner: z.enum(['docker', 'process', 'none']).describe('Which sandbox ran the check; none for prompt and config changes'),
    isolation: z.array(z.string()).describe('What the sandbox enforced, in words'),
    command: z.string().nullable(),
    exitCode: z.number().int().nullable(),
    timedOut: z.boolean(),
    output: z.string(),
    durationMs: z.number().nullable(),
    startedAt: Timestamp,
    finishedAt: Timestamp.nullable(),
  })
  .meta({ id: 'ProposalValidation' });
export type ProposalValidation = z.infer<typeof ProposalValidation>;

export const ProposalApplication = z
  .object({
    checkpointId: Id.nullable(),
    branch: z.string().nullable().describe('hive/proposal-<id> for code patches'),
    commit: z.string().nullable().describe('The commit on the proposal branch'),
    mergeCommit: z.string().nullable().describe('The merge commit on the target branch'),
    previousHead: z.string().nullable().describe('Target branch head before apply'),
    previousVersion: z.number().int().nullable().describe('Active prompt/config version before apply'),
    version: z.number().int().nullable().describe('The prompt/config version apply created'),
    health: z.object({ ok: z.boolean(), output: z.string() }).nullable(),
    appliedAt: Timestamp.nullable(),
    appliedBy: z.string().nullable(),
    rollbackCommit: z.string().nullable(),
    rolledBackAt: Timestamp.nullable(),
    rolledBackBy: z.string().nullable(),
  })
  .meta({ id: 'ProposalApplication' });
export type ProposalApplication = z.infer<typeof ProposalApplication>;

export const Proposal = z
  .object({
    id: Id,
    kind: ProposalKind,
    title: z.string(),
    rationale: z.string(),
    state: ProposalState,
    stateReason: z.string().nullable().describe('Why it is failed, rejected or rolled back'),
    proposerAgentId: Id.nullable(),
    proposerUser: z.string().nullable(),
    target: z.string().describe('Repository name, agent type key or config document name'),
    baseRef: z.string().describe('Base commit or version the change was made against'),
    content: z.string().describe('Unified diff, prompt text or config document'),
    contentHash: z.string().describe('sha256 of kind, target, baseRef and content; an approval names it'),
    riskLevel: RiskLevel.nullable(),
    riskReasons: z.array(z.string()),
    diffStat: DiffStat.nullable(),
    conflictsWith: z.array(Id).describe('Open proposals touching the same lines of the same repository'),
    validation: ProposalValidation.nullable(),
    application: ProposalApplication.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Proposal' });
export type Proposal = z.infer<typeof Proposal>;

export const ProposalReview = z
  .object({
    id: Id,
    proposalId: Id,
    decision: z.enum(['approved', 'rejected']),
    contentHash: z.string(),
    reviewer: z.string().describe('Username, or rule:<id> when an allow-rule approved'),
    comment: z.string().nullable(),
    override: z.boolean().describe('An admin approved despite a failed validation'),
    ruleId: Id.nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: 'ProposalReview' });
export type ProposalReview = z.infer<typeof ProposalReview>;

/** One proposal with its decisions and, for prompt and config changes, the text it replaces. */
export const ProposalDetail = Proposal.extend({
  reviews: z.array(ProposalReview),
  previousContent: z.string().nullable().describe('For prompt/config proposals: the version at baseRef, to diff against'),
}).meta({ id: 'ProposalDetail' });
export type ProposalDetail = z.infer<typeof ProposalDetail>;

export const ProposeInput = z
  .object({
    kind: ProposalKind,
    title: z.string().trim().min(1).max(200),
    rationale: z.string().trim().min(1).max(20_000),
    target: z.string().trim().min(1).max(200),
    baseRef: z.string().trim().min(1).max(200).optional().describe('Defaults to the target branch head or the active version'),
    content: z.string().min(1).max(2_000_000),
    proposerAgentId: Id.optional(),
  })
  .strict()
  .meta({ id: 'ProposeInput' });
export type ProposeInput = z.infer<typeof ProposeInput>;

/** What a person sends: the proposer is whoever is signed in (only the agent gateway names an agent). */
export const ProposeBody = ProposeInput.omit({ proposerAgentId: true }).meta({ id: 'ProposeBody' });

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 hex digest');

export const ApproveInput = z
  .object({
    contentHash: Sha256.describe('The hash of exactly what you reviewed'),
    comment: z.string().trim().max(5_000).optional(),
    override: z.boolean().default(false).describe('Admins only: approve although validation failed'),
  })
  .strict()
  .meta({ id: 'ApproveInput' });
export type ApproveInput = z.infer<typeof ApproveInput>;

export const RejectInput = z
  .object({
    contentHash: Sha256.describe('The hash of exactly what you reviewed'),
    comment: z.string().trim().min(1).max(5_000).describe('Why: the proposer reads it'),
  })
  .strict()
  .meta({ id: 'RejectInput' });
export type RejectInput = z.infer<typeof RejectInput>;

export const RollbackInput = z
  .object({ reason: z.string().trim().min(1).max(5_000).optional() })
  .strict()
  .meta({ id: 'RollbackInput' });
export type RollbackInput = z.infer<typeof RollbackInput>;

export const ProposalListQuery = Pagination.extend({
  state: ProposalState.optional(),
  kind: ProposalKind.optional(),
  riskLevel: RiskLevel.optional(),
  proposerAgentId: Id.optional(),
  proposerUser: z.string().trim().min(1).max(100).optional(),
});
export type ProposalListQuery = z.infer<typeof ProposalListQuery>;

export const HistoryEntry = z
  .object({
    checkpointId: Id,
    proposalId: Id,
    title: z.string(),
    kind: ProposalKind,
    target: z.string(),
    action: z.enum(['applied', 'rolled_back']),
    automatic: z.boolean().describe('Rolled back by a failed health check, not a person'),
    gitCommit: z.string().nullable().describe('applied: the merge commit on the target branch; rolled_back: the revert commit'),
    version: z.number().int().nullable().describe('Prompt/config: the version made active'),
    proposalState: ProposalState,
    by: z.string(),
    reason: z.string().nullable(),
    at: Timestamp,
  })
  .meta({ id: 'HistoryEntry' });
export type HistoryEntry = z.infer<typeof HistoryEntry>;
export const HistoryQuery = Pagination.extend({ proposalId: Id.optional() });
export type HistoryQuery = z.infer<typeof HistoryQuery>;

export const ApprovalRule = z
  .object({
    id: Id,
    description: z.string(),
    kind: ProposalKind,
    target: z.string().nullable().describe('Agent type, repository or config name; null = any'),
    proposerType: z.string().nullable().describe('Only proposals by agents of this type; null = any agent'),
    maxLines: z.number().int(),
    maxRisk: RiskLevel,
    createdBy: z.string(),
    createdAt: Timestamp,
    revokedAt: Timestamp.nullable(),
    revokedBy: z.string().nullable(),
  })
  .meta({ id: 'ApprovalRule' });
export type ApprovalRule = z.infer<typeof ApprovalRule>;

export const ApprovalRuleInput = z
  .object({
    description: z.string().trim().min(1).max(500),
    kind: ProposalKind,
    target: z.string().trim().min(1).max(200).optional(),
    proposerType: z.string().trim().min(1).max(100).optional(),
    maxLines: z.number().int().min(1).max(10_000),
    maxRisk: z.enum(['low', 'medium']).default('low').describe('Rules never cover high or critical risk'),
  })
  .strict()
  .meta({ id: 'ApprovalRuleInput' });
export type ApprovalRuleInput = z.infer<typeof ApprovalRuleInput>;

export const Repository = z
  .object({
    name: z.string(),
    path: z.string(),
    targetBranch: z.string(),
    checkCommand: z.string(),
    healthCommand: z.string().nullable(),
    protectedPaths: z.array(z.string()),
    head: z.string().nullable().describe('Current commit of the target branch'),
    createdBy: z.string(),
    createdAt: Timestamp,
  })
  .meta({ id: 'Repository' });
export type Repository = z.infer<typeof Repository>;

export const RepositoryInput = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'lowercase letters, digits, dot, dash, underscore'),
    path: z.string().startsWith('/', 'an absolute path').max(1_000),
    targetBranch: z.string().trim().min(1).max(200).default('main'),
    checkCommand: z.string().trim().min(1).max(2_000),
    healthCommand: z.string().trim().min(1).max(2_000).optional(),
    protectedPaths: z.array(z.string().trim().min(1).max(500)).max(100).default([]).describe('Added to the built-in protected paths'),
  })
  .strict()
  .meta({ id: 'RepositoryInput' });
export type RepositoryInput = z.infer<typeof RepositoryInput>;

export const ConfigDocument = z
  .object({ name: z.string(), description: z.string(), activeVersion: z.number().int(), content: z.string() })
  .meta({ id: 'ConfigDocument' });
export type ConfigDocument = z.infer<typeof ConfigDocument>;

export const ReviseInput = z
  .object({
    title: z.string().trim().min(1).max(200).optional(),
    rationale: z.string().trim().min(1).max(20_000).optional(),
    baseRef: z.string().trim().min(1).max(200).optional(),
    content: z.string().min(1).max(2_000_000),
  })
  .strict()
  .meta({ id: 'ReviseInput' });
export type ReviseInput = z.infer<typeof ReviseInput>;

export const ConfigDocumentInput = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'lowercase letters, digits, dot, dash, underscore'),
    description: z.string().trim().max(500).default(''),
    content: z.string().min(1).max(1_000_000),
  })
  .strict()
  .meta({ id: 'ConfigDocumentInput' });
export type ConfigDocumentInput = z.infer<typeof ConfigDocumentInput>;
