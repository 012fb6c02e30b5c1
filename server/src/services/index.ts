import type { Embedder } from '../embedder/port.js';
import type { Store } from '../store/store.js';
import { AccessService } from './access-service.js';
import { AgentService } from './agent-service.js';
import { AuthService, type AuthConfig } from './auth-service.js';
import { ClusterService } from './cluster-service.js';
import { ContextService } from './context-service.js';
import { MessageService } from './message-service.js';
import type { Notifier } from '../notifier/port.js';
import type { Orchestrator } from './orchestrator.js';
import { ApprovalService } from './approval-service.js';
import { ProposalService } from './proposal-service.js';
import type { ProposalPipeline } from './self-modify/proposal-pipeline.js';
import type { GitPort } from '../git/port.js';
import { SessionService } from './session-service.js';
import { SystemService, type SystemInfo } from './system-service.js';
import { DEFAULT_SCHEDULER_OPTIONS, TaskScheduler, type SchedulerOptions } from './task-scheduler.js';
import { TaskService } from './task-service.js';

export interface Services {
  store: Store;
  auth: AuthService;
  access: AccessService;
  agents: AgentService;
  sessions: SessionService;
  tasks: TaskService;
  scheduler: TaskScheduler;
  messages: MessageService;
  context: ContextService;
  proposals: ProposalService;
  approvals: ApprovalService;
  /** Set by the hub once the sandbox runner is chosen; rollback needs it. */
  pipeline?: ProposalPipeline;
  system: SystemService;
  cluster: ClusterService;
  /** Set by the hub once runtimes are up; routes that start or stop agents need it. */
  orchestrator?: Orchestrator;
  /** Set by the hub once the VAPID keys are loaded. */
  notifier?: Notifier;
}

export interface ServiceDeps {
  store: Store;
  embedder: Embedder;
  git: GitPort;
  auth: AuthConfig;
  system: SystemInfo;
  scheduler?: SchedulerOptions;
}

export function createServices(deps: ServiceDeps): Services {
  const { store, embedder } = deps;
  const scheduler = new TaskScheduler(store, deps.scheduler ?? DEFAULT_SCHEDULER_OPTIONS);
  const auth = new AuthService(store, deps.auth);
  return {
    scheduler,
    store,
    auth,
    access: new AccessService(store, () => auth.forgetPrincipals()),
    agents: new AgentService(store),
    sessions: new SessionService(store),
    tasks: new TaskService(store, scheduler),
    messages: new MessageService(store, embedder),
    context: new ContextService(store, embedder),
    proposals: new ProposalService(store, deps.git),
    approvals: new ApprovalService(store),
    system: new SystemService(store, deps.system),
    cluster: new ClusterService(store),
  };
}
