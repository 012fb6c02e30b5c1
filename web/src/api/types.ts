/**
 * Request and response types of the REST API, derived from the shared zod schemas so
 * the dashboard and the hub cannot disagree about a field. Type-only: no zod code is
 * bundled into the dashboard.
 */
import type { z } from 'zod';
import type {
  Agent as AgentSchema,
  ApiToken as ApiTokenSchema,
  ClusterView as ClusterViewSchema,
  CreatedToken as CreatedTokenSchema,
  CreateTokenInput as CreateTokenInputSchema,
  CreateUserInput as CreateUserInputSchema,
  NotificationPreferences as NotificationPreferencesSchema,
  ApprovalRule as ApprovalRuleSchema,
  ApprovalRuleInput as ApprovalRuleInputSchema,
  ApproveInput as ApproveInputSchema,
  AuditEntry as AuditEntrySchema,
  HistoryEntry as HistoryEntrySchema,
  Proposal as ProposalSchema,
  ProposalDetail as ProposalDetailSchema,
  RejectInput as RejectInputSchema,
  RollbackInput as RollbackInputSchema,
  PushSubscriptionInput as PushSubscriptionInputSchema,
  UpdateNotificationPreferences as UpdateNotificationPreferencesSchema,
  UpdateUserInput as UpdateUserInputSchema,
  ChangePasswordInput as ChangePasswordInputSchema,
  CreateAgentInput as CreateAgentInputSchema,
  CreateTaskInput as CreateTaskInputSchema,
  EventPage as EventPageSchema,
  LoginInput as LoginInputSchema,
  Me as MeSchema,
  Message as MessageSchema,
  page,
  Session as SessionSchema,
  Task as TaskSchema,
} from '../../../shared/index.js';

export type {
  Agent,
  AgentListQuery,
  AgentStatus,
  AgentTypeKey,
  DomainEvent,
  EventType,
  Health,
  Message,
  ProgressItem,
  Session,
  ProposalListQuery,
  ProposalState,
  PushPayload,
  RegisterTargetInput,
  Role,
  RuntimeTarget,
  Runtime,
  SystemStatus,
  Task,
  TaskListQuery,
  TaskStatus,
  UiSubscribe,
  UiSubscribeResult,
  User,
} from '../../../shared/index.js';

export type Me = z.output<typeof MeSchema>;
export type EventPage = z.output<typeof EventPageSchema>;

/** Bodies are the schemas' *input* side: fields with defaults may be left out. */
export type LoginInput = z.input<typeof LoginInputSchema>;
export type ChangePasswordInput = z.input<typeof ChangePasswordInputSchema>;
export type CreateAgentInput = z.input<typeof CreateAgentInputSchema>;
export type CreateTaskInput = z.input<typeof CreateTaskInputSchema>;

/** `{ items, total, limit, offset }` as built by the shared `page()` helper. */
type Page<Item extends z.ZodType> = z.output<ReturnType<typeof page<Item>>>;
export type AgentPage = Page<typeof AgentSchema>;
export type TaskPage = Page<typeof TaskSchema>;
export type SessionPage = Page<typeof SessionSchema>;
export type MessagePage = Page<typeof MessageSchema>;

export type ApiToken = z.output<typeof ApiTokenSchema>;
export type CreatedToken = z.output<typeof CreatedTokenSchema>;
export type CreateTokenInput = z.input<typeof CreateTokenInputSchema>;
export type CreateUserInput = z.input<typeof CreateUserInputSchema>;
export type UpdateUserInput = z.input<typeof UpdateUserInputSchema>;

export type Proposal = z.output<typeof ProposalSchema>;
export type ProposalKind = Proposal['kind'];
export type RiskLevel = NonNullable<Proposal['riskLevel']>;
export type ProposalPage = Page<typeof ProposalSchema>;
export type ProposalDetail = z.output<typeof ProposalDetailSchema>;
export type ProposalReview = ProposalDetail['reviews'][number];
export type ProposalValidation = NonNullable<Proposal['validation']>;
export type ProposalApplication = NonNullable<Proposal['application']>;
export type DiffStat = NonNullable<Proposal['diffStat']>;
export type ApproveInput = z.input<typeof ApproveInputSchema>;
export type RejectInput = z.input<typeof RejectInputSchema>;
export type RollbackInput = z.input<typeof RollbackInputSchema>;
export type HistoryEntry = z.output<typeof HistoryEntrySchema>;
export type HistoryPage = Page<typeof HistoryEntrySchema>;
export type ApprovalRule = z.output<typeof ApprovalRuleSchema>;
export type ApprovalRuleInput = z.input<typeof ApprovalRuleInputSchema>;
export type AuditEntry = z.output<typeof AuditEntrySchema>;

export type ClusterView = z.output<typeof ClusterViewSchema>;
export type NotificationPreferences = z.output<typeof NotificationPreferencesSchema>;
export type UpdateNotificationPreferences = z.input<typeof UpdateNotificationPreferencesSchema>;
export type PushSubscriptionInput = z.input<typeof PushSubscriptionInputSchema>;
