/**
 * The drizzle schema: the single description of Hive's tables. drizzle-kit generates the
 * SQL migrations in /drizzle from this file (`npm run db:generate`); both Store adapters
 * apply them at boot.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  vector,
} from 'drizzle-orm/pg-core';

/** Dimension of every embedding column; the local embedder and EMBEDDINGS_URL must agree. */
export const EMBEDDING_DIM = 384;

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
const json = (name: string) => jsonb(name).$type<Record<string, unknown>>().notNull().default({});

export const agentTypes = pgTable('agent_types', {
  key: text('key').primaryKey(),
  name: text('name').notNull(),
  description: text('description').notNull(),
  defaultCapabilities: text('default_capabilities').array().notNull().default(sql`'{}'::text[]`),
  activePromptVersion: integer('active_prompt_version').notNull().default(1),
});

export const agentPrompts = pgTable(
  'agent_prompts',
  {
    typeKey: text('type_key')
      .notNull()
      .references(() => agentTypes.key),
    version: integer('version').notNull(),
    prompt: text('prompt').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.typeKey, t.version] })],
);

export const sessions = pgTable('sessions', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  status: text('status').notNull(),
  agents: jsonb('agents').$type<unknown[]>().notNull().default([]),
  tokenBudget: integer('token_budget'),
  tokensUsed: bigint('tokens_used', { mode: 'number' }).notNull().default(0),
  costUsd: doublePrecision('cost_usd').notNull().default(0),
  createdBy: text('created_by').notNull(),
  createdAt: createdAt(),
  startedAt: timestamp('started_at', { withTimezone: true }),
  stoppedAt: timestamp('stopped_at', { withTimezone: true }),
});

export const agents = pgTable(
  'agents',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    type: text('type')
      .notNull()
      .references(() => agentTypes.key),
    role: text('role').notNull().default(''),
    capabilities: text('capabilities').array().notNull().default(sql`'{}'::text[]`),
    status: text('status').notNull(),
    runtime: text('runtime').notNull(),
    runtimeRef: text('runtime_ref'),
    /** The runtime target (cluster service) the agent was placed on; null before its first spawn. */
    targetId: text('target_id'),
    promptVersion: integer('prompt_version').notNull(),
    sessionId: uuid('session_id').references(() => sessions.id),
    config: json('config'),
    lastHeartbeatAt: timestamp('last_heartbeat_at', { withTimezone: true }),
    /** sha256 of the agent's current worker token (issued at spawn); null when not spawned. */
    tokenHash: text('token_hash'),
    tokenBudget: integer('token_budget'),
    tokensUsed: bigint('tokens_used', { mode: 'number' }).notNull().default(0),
    costUsd: doublePrecision('cost_usd').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('agents_status_idx').on(t.status), index('agents_session_idx').on(t.sessionId)],
);

export const tasks = pgTable(
  'tasks',
  {
    id: uuid('id').primaryKey(),
    sessionId: uuid('session_id').references(() => sessions.id),
    parentTaskId: uuid('parent_task_id'),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    type: text('type'),
    requiredCapabilities: text('required_capabilities').array().notNull().default(sql`'{}'::text[]`),
    priority: smallint('priority').notNull().default(50),
    status: text('status').notNull(),
    dependencies: uuid('dependencies').array().notNull().default(sql`'{}'::uuid[]`),
    context: json('context'),
    result: jsonb('result').$type<Record<string, unknown>>(),
    error: text('error'),
    assignedAgentId: uuid('assigned_agent_id').references(() => agents.id),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(3),
    leaseExpiresAt: timestamp('lease_expires_at', { withTimezone: true }),
    /** A retrying task becomes ready again at this time (backoff). */
    availableAt: timestamp('available_at', { withTimezone: true }),
    tokensUsed: bigint('tokens_used', { mode: 'number' }).notNull().default(0),
    costUsd: doublePrecision('cost_usd').notNull().default(0),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [
    index('tasks_status_priority_idx').on(t.status, t.priority, t.createdAt),
    index('tasks_session_idx').on(t.sessionId),
    index('tasks_agent_idx').on(t.assignedAgentId),
    index('tasks_parent_idx').on(t.parentTaskId),
  ],
);

export const conversations = pgTable(
  'conversations',
  {
    id: uuid('id').primaryKey(),
    sessionId: uuid('session_id').references(() => sessions.id),
    fromAgentId: uuid('from_agent_id').references(() => agents.id),
    toAgentId: uuid('to_agent_id').references(() => agents.id),
    fromUser: text('from_user'),
    role: text('role').notNull(),
    content: text('content').notNull(),
    metadata: json('metadata'),
    embedding: vector('embedding', { dimensions: EMBEDDING_DIM }),
    createdAt: createdAt(),
  },
  (t) => [
    index('conversations_to_idx').on(t.toAgentId, t.createdAt),
    index('conversations_from_idx').on(t.fromAgentId, t.createdAt),
    index('conversations_embedding_idx').using('hnsw', t.embedding.op('vector_cosine_ops')),
  ],
);

export const contexts = pgTable(
  'contexts',
  {
    id: uuid('id').primaryKey(),
    agentId: uuid('agent_id').references(() => agents.id),
    sessionId: uuid('session_id').references(() => sessions.id),
    parentId: uuid('parent_id'),
    kind: text('kind').notNull(),
    content: text('content').notNull(),
    metadata: json('metadata'),
    importance: real('importance').notNull().default(0.5),
    embedding: vector('embedding', { dimensions: EMBEDDING_DIM }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('contexts_embedding_idx').using('hnsw', t.embedding.op('vector_cosine_ops')),
    index('contexts_agent_idx').on(t.agentId),
    index('contexts_session_idx').on(t.sessionId),
  ],
);

export const systemCheckpoints = pgTable('system_checkpoints', {
  id: uuid('id').primaryKey(),
  label: text('label').notNull(),
  kind: text('kind').notNull(),
  gitCommit: text('git_commit'),
  state: json('state'),
  /** Set on checkpoints written by applying or rolling back a proposal: the self-modify history. */
  proposalId: uuid('proposal_id'),
  createdBy: text('created_by').notNull(),
  createdAt: createdAt(),
});

export const sleepWakeCycles = pgTable('sleep_wake_cycles', {
  id: uuid('id').primaryKey(),
  agentId: uuid('agent_id').references(() => agents.id),
  reason: text('reason').notNull(),
  checkpointId: uuid('checkpoint_id').references(() => systemCheckpoints.id),
  sleptAt: timestamp('slept_at', { withTimezone: true }).notNull().defaultNow(),
  wokeAt: timestamp('woke_at', { withTimezone: true }),
  summary: json('summary'),
});

export const performanceMetrics = pgTable(
  'performance_metrics',
  {
    id: uuid('id').primaryKey(),
    agentId: uuid('agent_id'),
    taskId: uuid('task_id'),
    name: text('name').notNull(),
    value: real('value').notNull(),
    unit: text('unit').notNull(),
    labels: json('labels'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('performance_metrics_name_idx').on(t.name, t.recordedAt)],
);

export const events = pgTable(
  'events',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    id: uuid('id').notNull(),
    type: text('type').notNull(),
    subject: text('subject').notNull(),
    actor: text('actor').notNull(),
    payload: json('payload'),
    createdAt: createdAt(),
  },
  (t) => [index('events_subject_idx').on(t.subject, t.seq)],
);

export const proposals = pgTable(
  'proposals',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    rationale: text('rationale').notNull(),
    state: text('state').notNull(),
    proposerAgentId: uuid('proposer_agent_id').references(() => agents.id),
    proposerUser: text('proposer_user'),
    target: text('target').notNull(),
    baseRef: text('base_ref').notNull(),
    content: text('content').notNull(),
    contentHash: text('content_hash').notNull(),
    riskLevel: text('risk_level'),
    riskReasons: text('risk_reasons').array().notNull().default(sql`'{}'::text[]`),
    validation: jsonb('validation').$type<Record<string, unknown>>(),
    /** Files and line counts of a code patch, computed once at propose time. */
    diffStat: jsonb('diff_stat').$type<Record<string, unknown>>(),
    /** Open proposals that touch the same lines of the same repository. */
    conflictsWith: uuid('conflicts_with').array().notNull().default(sql`'{}'::uuid[]`),
    /** What apply did (branch, commits, previous version, checkpoint, health check) and how it was undone. */
    application: jsonb('application').$type<Record<string, unknown>>(),
    /** Why the proposal is failed, rejected or rolled back, in words. */
    stateReason: text('state_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('proposals_state_idx').on(t.state, t.createdAt)],
);

/** Every approve or reject decision, bound to the content hash the reviewer saw. */
export const proposalReviews = pgTable(
  'proposal_reviews',
  {
    id: uuid('id').primaryKey(),
    proposalId: uuid('proposal_id')
      .notNull()
      .references(() => proposals.id),
    decision: text('decision').notNull(),
    contentHash: text('content_hash').notNull(),
    reviewer: text('reviewer').notNull(),
    comment: text('comment'),
    /** An admin approved despite a failed validation. */
    override: boolean('override').notNull().default(false),
    /** Set when a remembered allow-rule approved the proposal instead of a person. */
    ruleId: uuid('rule_id'),
    createdAt: createdAt(),
  },
  (t) => [index('proposal_reviews_proposal_idx').on(t.proposalId, t.createdAt)],
);

/** Remembered allow-rules: proposals matching one are approved without a person. */
export const approvalRules = pgTable('approval_rules', {
  id: uuid('id').primaryKey(),
  description: text('description').notNull(),
  kind: text('kind').notNull(),
  target: text('target'),
  proposerType: text('proposer_type'),
  maxLines: integer('max_lines').notNull(),
  maxRisk: text('max_risk').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: createdAt(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  revokedBy: text('revoked_by'),
});

/** Git repositories proposals may patch; Hive's own repository is registered at boot. */
export const repositories = pgTable('repositories', {
  name: text('name').primaryKey(),
  path: text('path').notNull(),
  targetBranch: text('target_branch').notNull(),
  checkCommand: text('check_command').notNull(),
  healthCommand: text('health_command'),
  protectedPaths: text('protected_paths').array().notNull().default(sql`'{}'::text[]`),
  createdBy: text('created_by').notNull(),
  createdAt: createdAt(),
});

/** Versioned config documents (JSON); proposals switch the active version. */
export const configDocuments = pgTable('config_documents', {
  name: text('name').primaryKey(),
  description: text('description').notNull().default(''),
  activeVersion: integer('active_version').notNull(),
});

export const configVersions = pgTable(
  'config_versions',
  {
    name: text('name')
      .notNull()
      .references(() => configDocuments.name),
    version: integer('version').notNull(),
    content: text('content').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.name, t.version] })],
);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    username: text('username').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role').notNull(),
    disabled: boolean('disabled').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_username_idx').on(sql`lower(${t.username})`)],
);

/** Browser login sessions; only the sha256 of the cookie value is stored. */
export const userSessions = pgTable('user_sessions', {
  tokenHash: text('token_hash').primaryKey(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id),
  createdAt: createdAt(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

export const apiTokens = pgTable('api_tokens', {
  id: uuid('id').primaryKey(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id),
  name: text('name').notNull(),
  prefix: text('prefix').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  role: text('role').notNull(),
  createdAt: createdAt(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  expiresAt: timestamp('expires_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

export const auditLog = pgTable(
  'audit_log',
  {
    id: uuid('id').primaryKey(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    resource: text('resource').notNull(),
    resourceId: text('resource_id'),
    details: json('details'),
    ip: text('ip'),
    createdAt: createdAt(),
  },
  (t) => [index('audit_log_created_idx').on(t.createdAt)],
);

/** What an agent worker streamed while working a task (text, tool calls, results), in order. */
export const taskOutput = pgTable(
  'task_output',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    taskId: uuid('task_id').notNull(),
    agentId: uuid('agent_id').notNull(),
    kind: text('kind').notNull(),
    message: text('message').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [index('task_output_task_idx').on(t.taskId, t.id)],
);

/** Where agents can run: this hub's local processes, Docker hosts, Kubernetes clusters. */
export const runtimeTargets = pgTable('runtime_targets', {
  id: text('id').primaryKey(),
  kind: text('kind').notNull(),
  name: text('name').notNull(),
  capacity: integer('capacity'),
  draining: boolean('draining').notNull().default(false),
  config: json('config'),
  createdAt: createdAt(),
});

export const pushSubscriptions = pgTable('push_subscriptions', {
  endpoint: text('endpoint').primaryKey(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id),
  p256dh: text('p256dh').notNull(),
  auth: text('auth').notNull(),
  createdAt: createdAt(),
});

export const notificationPreferences = pgTable('notification_preferences', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  approvals: boolean('approvals').notNull().default(true),
  failures: boolean('failures').notNull().default(true),
  budgets: boolean('budgets').notNull().default(true),
});

/** Small key/value settings the hub keeps for itself (e.g. its VAPID key pair). */
export const hubSettings = pgTable('hub_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').$type<Record<string, unknown>>().notNull(),
});
