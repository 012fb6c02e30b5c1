/**
 * The Store port. Both adapters (PGlite and postgres.js) hand a drizzle database to
 * `DrizzleStore`, which owns the repositories, transactions and post-commit publication of
 * domain events; an adapter only knows how to connect, migrate and close.
 */
import { sql } from 'drizzle-orm';
import type { DomainEvent } from '../../../shared/index.js';
import type { Db } from './db.js';
import { AgentTypeRepository } from './repos/agent-types.js';
import { AgentRepository } from './repos/agents.js';
import { ApiTokenRepository, AuditRepository, UserRepository, UserSessionRepository } from './repos/auth.js';
import { ContextRepository } from './repos/contexts.js';
import { EventRepository } from './repos/events.js';
import { MessageRepository } from './repos/messages.js';
import { ProposalRepository } from './repos/proposals.js';
import { CodeRepositoryRepository, ConfigDocumentRepository, ProposalHistoryRepository } from './repos/self-modify.js';
import { SessionRepository } from './repos/sessions.js';
import { CheckpointRepository, MetricRepository, SleepWakeRepository } from './repos/system.js';
import { PushRepository } from './repos/push.js';
import { RuntimeTargetRepository } from './repos/runtime-targets.js';
import { TaskOutputRepository } from './repos/task-output.js';
import { TaskRepository } from './repos/tasks.js';
import { UsageRepository } from './repos/usage.js';

export type StoreAdapterName = 'pglite' | 'postgres';

/** The repositories, bound to the database or to one transaction. */
export class Repositories {
  readonly agentTypes: AgentTypeRepository;
  readonly agents: AgentRepository;
  readonly sessions: SessionRepository;
  readonly tasks: TaskRepository;
  readonly messages: MessageRepository;
  readonly contexts: ContextRepository;
  readonly checkpoints: CheckpointRepository;
  readonly sleepWake: SleepWakeRepository;
  readonly metrics: MetricRepository;
  readonly proposals: ProposalRepository;
  readonly codeRepositories: CodeRepositoryRepository;
  readonly configDocuments: ConfigDocumentRepository;
  readonly proposalHistory: ProposalHistoryRepository;
  readonly events: EventRepository;
  readonly users: UserRepository;
  readonly userSessions: UserSessionRepository;
  readonly apiTokens: ApiTokenRepository;
  readonly audit: AuditRepository;
  readonly taskOutput: TaskOutputRepository;
  readonly runtimeTargets: RuntimeTargetRepository;
  readonly push: PushRepository;
  readonly usage: UsageRepository;

  constructor(db: Db, onEventAppended: (e: DomainEvent) => void) {
    this.agentTypes = new AgentTypeRepository(db);
    this.agents = new AgentRepository(db);
    this.sessions = new SessionRepository(db);
    this.tasks = new TaskRepository(db);
    this.messages = new MessageRepository(db);
    this.contexts = new ContextRepository(db);
    this.checkpoints = new CheckpointRepository(db);
    this.sleepWake = new SleepWakeRepository(db);
    this.metrics = new MetricRepository(db);
    this.proposals = new ProposalRepository(db);
    this.codeRepositories = new CodeRepositoryRepository(db);
    this.configDocuments = new ConfigDocumentRepository(db);
    this.proposalHistory = new ProposalHistoryRepository(db);
    this.events = new EventRepository(db, onEventAppended);
    this.users = new UserRepository(db);
    this.userSessions = new UserSessionRepository(db);
    this.apiTokens = new ApiTokenRepository(db);
    this.audit = new AuditRepository(db);
    this.taskOutput = new TaskOutputRepository(db);
    this.runtimeTargets = new RuntimeTargetRepository(db);
    this.push = new PushRepository(db);
    this.usage = new UsageRepository(db);
  }
}

export type EventListener = (events: DomainEvent[]) => void;

export interface StoreAdapter {
  readonly name: StoreAdapterName;
  readonly db: Db;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export class Store extends Repositories {
  private readonly listeners = new Set<EventListener>();
  private closed = false;

  constructor(private readonly adapter: StoreAdapter) {
    // Outside a transaction an appended event is committed at once: publish it straight away.
    super(adapter.db, (e) => this.publish([e]));
  }

  get adapterName(): StoreAdapterName {
    return this.adapter.name;
  }

  /**
   * Run `fn` in one transaction. Domain events it appends are published to listeners only
   * after the commit, so nobody ever sees an event whose change was rolled back.
   */
  async transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T> {
    const pending: DomainEvent[] = [];
    const result = await this.adapter.db.transaction(async (txDb) => fn(new Repositories(txDb as Db, (e) => pending.push(e))));
    if (pending.length) this.publish(pending);
    return result;
  }

  /** Subscribe to committed domain events; returns the unsubscribe function. */
  onEvents(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Round-trip time of a trivial query, in ms; throws when the database is unreachable. */
  async ping(): Promise<number> {
    const started = performance.now();
    await this.adapter.db.execute(sql`select 1`);
    return performance.now() - started;
  }

  /** Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    await this.adapter.close();
  }

  private publish(events: DomainEvent[]): void {
    for (const listener of this.listeners) {
      try {
        listener(events);
      } catch (err) {
        console.error('event listener failed', err);
      }
    }
  }
}
