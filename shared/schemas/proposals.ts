import { z } from 'zod';
import { Id, Json, Pagination, Timestamp } from './common.js';

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

export const RiskLevel = z.enum(['low', 'medium', 'high', 'critical']);

export const Proposal = z
  .object({
    id: Id,
    kind: ProposalKind,
    title: z.string(),
    rationale: z.string(),
    state: ProposalState,
    proposerAgentId: Id.nullable(),
    proposerUser: z.string().nullable(),
    target: z.string().describe('Repository name, agent type key or config document name'),
    baseRef: z.string().describe('Base commit or version the change was made against'),
    content: z.string().describe('Unified diff, prompt text or config document'),
    contentHash: z.string().describe('sha256 of kind, target, baseRef and content'),
    riskLevel: RiskLevel.nullable(),
    riskReasons: z.array(z.string()),
    validation: Json.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Proposal' });
export type Proposal = z.infer<typeof Proposal>;

export const ProposeInput = z
  .object({
    kind: ProposalKind,
    title: z.string().trim().min(1).max(200),
    rationale: z.string().trim().min(1).max(20_000),
    target: z.string().trim().min(1).max(200),
    baseRef: z.string().trim().min(1).max(200),
    content: z.string().min(1).max(2_000_000),
    proposerAgentId: Id.optional(),
  })
  .strict()
  .meta({ id: 'ProposeInput' });
export type ProposeInput = z.infer<typeof ProposeInput>;

export const ProposalListQuery = Pagination.extend({
  state: ProposalState.optional(),
  kind: ProposalKind.optional(),
  proposerAgentId: Id.optional(),
});
export type ProposalListQuery = z.infer<typeof ProposalListQuery>;
