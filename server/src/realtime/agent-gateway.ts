import { timingSafeEqual } from 'node:crypto';
import type { Namespace, Server, Socket } from 'socket.io';
import { z } from 'zod';
import {
  AGENT_EVENTS,
  AgentHeartbeat,
  AgentReady,
  CreateSubtaskRequest,
  SearchContextRequest,
  SendMessageRequest,
  StoreContextRequest,
  SubmitProposalRequest,
  TaskFailed,
  TaskProgress,
  TaskResult,
  TaskStarted,
  TaskUsage,
  type Agent,
  type AgentPrompt,
  type DomainEvent,
  type ProgressItem,
  type Task,
  type TaskAssignment,
  type TaskCancel,
} from '../../../shared/index.js';
import { sha256 } from '../auth/secrets.js';
import type { Broker } from '../broker/port.js';
import type { HubMetrics } from '../observability/metrics.js';
import { contextFrom, currentTraceparent, inSpan, SpanKind } from '../observability/tracing.js';
import { AppError } from '../errors.js';
import type { AgentLink, Dispatcher, OfferAnswer } from '../services/dispatcher.js';
import type { Services } from '../services/index.js';
import type { AgentMove } from '../services/task-scheduler.js';
import type { UsageService } from '../services/usage-service.js';
import { HeartbeatWriter } from './heartbeat-writer.js';
import { ProgressWriter } from './progress-writer.js';
import { ERROR_EVENT, onValidated } from './validated-handler.js';

export interface AgentGatewayDeps {
  services: Services;
  dispatcher: Dispatcher;
  usage: UsageService;
  broker: Broker;
  /** How long a disconnected agent may take to come back before its tasks are released. */
  reconnectGraceMs: number;
  /** How long a worker may take to answer an offer before it is withdrawn. Default 10 s. */
  offerTimeoutMs?: number;
  /** Live output, after it is stored (the dashboard relays it). */
  onProgress: (item: ProgressItem) => void;
  metrics?: HubMetrics;
  /** When the orchestrator started this agent's runtime (for the spawn-time histogram). */
  spawnStartedAt?: (agentId: string) => number | undefined;
  log: (msg: string) => void;
}

const LIVE: Agent['status'][] = ['created', 'starting', 'idle', 'busy', 'failed', 'lost'];
const ACTIVE_TASK: Task['status'][] = ['assigned', 'running'];
const OFFER_TIMEOUT_MS = 10_000;
// The agent's status moves with its task's start and end, in the task move's transaction.
const TO_BUSY: AgentMove = { from: ['idle'], to: 'busy' };
const TO_IDLE: AgentMove = { from: ['busy'], to: 'idle' };
/** How long a positive "this task is yours" check is trusted for usage reports (progress inserts check it themselves). */
const OWNERSHIP_TTL_MS = 1_000;
// Inbound events per agent per minute before the hub refuses more (a looping agent). A busy
// agent on short tasks sends about ten per task (start, progress lines, usage, result, ready),
// so this allows some twenty tasks a second before it bites.
const EVENTS_PER_MINUTE = 12_000;

/**
 * The Socket.IO `/agents` namespace: agent workers connect with their per-agent token, take
 * tasks, stream progress and usage, report results and ask the hub to act for them. Every
 * payload is validated; an agent can only act as itself.
 */
export class AgentGateway {
  private readonly nsp: Namespace;
  private readonly releaseTimers = new Map<string, NodeJS.Timeout>();
  /** Agents whose busy → idle was committed with their last reported outcome: agent:ready need not write it again. */
  private readonly idled = new Set<string>();
  /** Prompt versions by `type@version`: a version is never rewritten (a new prompt is a new version). */
  private readonly prompts = new Map<string, AgentPrompt>();
  /** Progress of every agent here is stored in batches (one insert per burst, not per item). */
  private readonly progress: ProgressWriter;
  /** Heartbeats of every agent here are written in batches too (two statements per window). */
  private readonly heartbeats: HeartbeatWriter;
  private closed = false;
  private readonly offEvents: () => void;

  constructor(
    io: Server,
    private readonly deps: AgentGatewayDeps,
  ) {
    this.nsp = io.of('/agents');
    this.progress = new ProgressWriter(deps.services.store.taskOutput);
    this.heartbeats = new HeartbeatWriter(async (beats) => {
      await Promise.all([deps.services.scheduler.heartbeat(beats), deps.services.store.agents.touchHeartbeats(beats.map((b) => b.agentId), new Date())]);
    });
    this.nsp.use((socket, next) => {
      this.authenticate(socket)
        .then((agent) => {
          socket.data.agentId = agent.id;
          next();
        })
        .catch((err: Error) => {
          // A refusal says why; a failure to check (the database restarting) says only that, and
          // the worker tries again (HubConnection) — no SQL goes back over the wire.
          if (err.message.startsWith('unauthorized')) return next(new Error(err.message));
          deps.log(`agent handshake could not be checked: ${err.message.split('\n')[0]}`);
          next(new Error('unavailable: the hub cannot check credentials right now; try again'));
        });
    });
    this.offEvents = deps.services.store.onEvents((events) => this.tellCancelled(events));
    this.nsp.on('connection', (socket) => {
      this.onConnection(socket).catch((err: Error) => {
        deps.log(`agent connection failed: ${err.message}`);
        socket.disconnect(true);
      });
    });
  }

  /** Tell a connected agent (on this hub) something; false when it is not connected here. */
  notify(agentId: string, event: string, payload: unknown): boolean {
    const sockets = [...this.nsp.sockets.values()].filter((s) => s.data.agentId === agentId);
    for (const s of sockets) s.emit(event, payload);
    return sockets.length > 0;
  }

  get clientCount(): number {
    return this.nsp.sockets.size;
  }

  /** Drop the agent's socket on whichever hub holds it (the adapter carries this to the others). */
  disconnect(agentId: string): void {
    this.nsp.in(agentRoom(agentId)).disconnectSockets(true);
  }

  /**
   * Stop reacting to agents. Sockets are not disconnected here: closing the Socket.IO server
   * drops their transport, and the workers then reconnect to the next hub on their own (a
   * server-initiated disconnect would tell them not to).
   */
  close(): void {
    this.closed = true;
    this.offEvents();
    for (const t of this.releaseTimers.values()) clearTimeout(t);
    this.releaseTimers.clear();
    // Beats still in their window are written now (a failure only means leases run on).
    this.heartbeats.flush().catch((err: Error) => this.deps.log(`heartbeats not written: ${err.message}`));
  }

  /**
   * A task cancelled while an agent held it: its worker stops working it (and spending tokens)
   * at once, instead of finishing only to have the result refused. Sent through the agent's
   * room, so it reaches the worker on whichever hub holds its socket.
   */
  private tellCancelled(events: DomainEvent[]): void {
    for (const e of events) {
      const { id, status, assignedAgentId } = e.payload as Partial<Task>;
      if (e.type !== 'task.updated' || status !== 'cancelled' || !assignedAgentId) continue;
      this.nsp.to(agentRoom(assignedAgentId)).emit(AGENT_EVENTS.cancel, { taskId: id!, reason: 'the task was cancelled' } satisfies TaskCancel);
    }
  }

  private async authenticate(socket: Socket): Promise<Agent> {
    const auth = z.object({ agentId: z.uuid(), token: z.string().min(10).max(200) }).safeParse(socket.handshake.auth);
    if (!auth.success) throw new Error('unauthorized: send { agentId, token } in the handshake auth');
    const stored = await this.deps.services.store.agents.tokenHash(auth.data.agentId);
    const given = Buffer.from(sha256(auth.data.token));
    if (!stored || !timingSafeEqual(Buffer.from(stored), given)) throw new Error('unauthorized: unknown agent or token');
    const agent = await this.deps.services.store.agents.get(auth.data.agentId);
    if (!agent || !LIVE.concat(['paused']).includes(agent.status)) throw new Error(`unauthorized: agent is ${agent?.status ?? 'gone'}`);
    return agent;
  }

  private async onConnection(socket: Socket): Promise<void> {
    const agentId = socket.data.agentId as string;
    void socket.join(agentRoom(agentId)); // so any hub can reach it: see disconnect()
    const { services, dispatcher, log } = this.deps;
    clearTimeout(this.releaseTimers.get(agentId));
    this.releaseTimers.delete(agentId);

    // The handlers below are registered before anything is awaited and wait for this setup:
    // Socket.IO hands over what a worker sends right on connect (agent:ready, an unsent
    // result) at once, and an event that arrives before its handler exists is dropped — a
    // lost agent:ready left a worker that reconnected after a hub died idle for good, while
    // its link here still held the task the dead hub had offered it.
    const actor = `agent:${agentId}`;
    let agent!: Agent;
    let link!: AgentLink;
    // Tasks whose offer to this worker went unanswered and was given up (Dispatcher.deliver).
    // Checked before the store: the release may not have committed yet when a late worker acts.
    const withdrawn = new Set<string>();
    // The offers in flight: assignments sent and not answered in time, and offers given up
    // before their assignment was sent (its prompt read hung): see offer() and withdraw().
    const inFlight: OfferState = { sent: new Set(), dropped: new Set() };
    const setup = (async () => {
      agent = (await services.store.agents.get(agentId))!;
      const held = (await services.store.tasks.list({ agentId, limit: 10, offset: 0 })).items.find((t) => ACTIVE_TASK.includes(t.status));
      await services.agents.setStatus(actor, agentId, LIVE, held ? 'busy' : 'idle', { lastHeartbeatAt: new Date() });
      link = {
        agent,
        busyWith: held?.id ?? null,
        offering: false,
        paused: agent.status === 'paused',
        offer: (task) => {
          withdrawn.delete(task.id); // offered again: it may be this worker's once more
          return this.offer(socket, agent, task, inFlight);
        },
        withdraw: (taskId) => {
          // Never sent: the worker cannot have it, and now never will (offer() checks).
          if (!inFlight.sent.delete(taskId)) {
            inFlight.dropped.add(taskId);
            return false;
          }
          if (withdrawn.size > 64) withdrawn.clear(); // a rare event: this never grows in practice
          withdrawn.add(taskId);
          socket.emit(AGENT_EVENTS.cancel, { taskId, reason: 'your answer to its offer came too late' } satisfies TaskCancel);
          return true;
        },
      };
      if (socket.disconnected) return;
      dispatcher.register(link);
      log(`agent ${agent.name} (${agentId}) connected`);
      const spawnedAt = this.deps.spawnStartedAt?.(agentId);
      if (spawnedAt && agent.status === 'starting') this.deps.metrics?.spawnDuration.observe({ runtime: agent.runtime }, (Date.now() - spawnedAt) / 1000);
    })();

    const on = <S extends z.ZodType>(event: string, schema: S, handler: (data: z.output<S>) => Promise<unknown>) =>
      onValidated(socket, event, schema, async (data) => {
        await setup;
        const limit = await this.deps.broker.hit(`agent:${agentId}`, EVENTS_PER_MINUTE, 60_000);
        if (!limit.allowed) throw new AppError('RATE_LIMITED', `Too many events; slow down for ${Math.ceil(limit.retryAfterMs / 1000)} s`);
        return handler(data);
      }, log);
    const notWithdrawn = (taskId: string) => {
      if (withdrawn.has(taskId)) throw new AppError('FORBIDDEN', `task ${taskId} was withdrawn from you: your answer to its offer came too late`);
    };
    const ownTask = async (taskId: string) => {
      notWithdrawn(taskId);
      const task = await services.store.tasks.get(taskId);
      if (!task || task.assignedAgentId !== agentId) throw new AppError('FORBIDDEN', `task ${taskId} is not assigned to you`);
      return task;
    };
    // Usage arrives several times per task, and reading the task for each was a large share
    // of the hub's statements per task. A positive check (a read, or a progress item stored —
    // its insert checks ownership exactly) is trusted for OWNERSHIP_TTL_MS, so a task taken
    // back from this agent is noticed within that time.
    const ownedUntil = new Map<string, number>();
    const trustOwnership = (taskId: string, checkedAt: number) => {
      if (ownedUntil.size > 64) ownedUntil.clear(); // one task at a time: this never grows in practice
      ownedUntil.set(taskId, checkedAt + OWNERSHIP_TTL_MS);
    };
    const assertOwnTask = async (taskId: string) => {
      notWithdrawn(taskId);
      const now = Date.now();
      if ((ownedUntil.get(taskId) ?? 0) > now) return;
      await ownTask(taskId);
      trustOwnership(taskId, now);
    };

    on(AGENT_EVENTS.ready, AgentReady, async () => {
      // A ready sent before an offer reached the worker; the offer's answer settles it.
      if (link.offering) return;
      // The worker says ready only when it holds no task and no unsent outcome, so a task
      // still assigned to it was lost on the way (e.g. the hub that offered it died): requeue.
      const lost = link.busyWith !== null;
      if (lost) await services.scheduler.releaseAgentTasks(agentId, 'the worker no longer holds it', actor);
      // A reported outcome already moved the agent to idle with its task (see finished()):
      // write it here only when no outcome did (none reported here, or it failed) or a task was lost.
      const idled = this.idled.delete(agentId);
      if (lost || !idled) await services.agents.setStatus(actor, agentId, ['busy'], 'idle');
      dispatcher.idle(agentId);
    });
    on(AGENT_EVENTS.heartbeat, AgentHeartbeat, async ({ taskId }) => {
      await Promise.all([
        this.heartbeats.beat({ agentId, ...(taskId && { heldTaskId: taskId }) }),
        this.deps.broker.setWithTtl(`heartbeat:agent:${agentId}`, new Date().toISOString(), 15_000),
      ]);
    });
    // What the worker reports about a task is handled in that task's trace (its traceparent).
    const inTaskTrace = <T>(name: string, taskId: string, traceparent: string | undefined, fn: () => Promise<T>) =>
      inSpan(name, { kind: SpanKind.SERVER, parent: contextFrom(traceparent), attributes: { 'hive.task.id': taskId, 'hive.agent.id': agentId } }, fn);

    on(AGENT_EVENTS.started, TaskStarted, ({ taskId, traceparent }) => inTaskTrace('hub.task_started', taskId, traceparent, async () => {
      notWithdrawn(taskId);
      this.idled.delete(agentId); // a new busy spell: an earlier idle write says nothing about it
      // The agent goes idle → busy in the task move's transaction: not at all when the start is refused.
      const task = await services.scheduler.start(taskId, agentId, TO_BUSY);
      // Created → running, for tasks that went straight to the queue (no dependencies, first try).
      if (task.attempts === 1 && task.dependencies.length === 0 && task.startedAt) {
        this.deps.metrics?.dispatchLatency.observe((Date.parse(task.startedAt) - Date.parse(task.createdAt)) / 1000);
      }
    }));
    on(AGENT_EVENTS.progress, TaskProgress, async (p) => {
      // Stored only while the task is this agent's: the (batched) insert checks it, no read first.
      notWithdrawn(p.taskId);
      const checkedAt = Date.now();
      const item = await this.progress.append({ agentId, ...p });
      if (!item) throw new AppError('FORBIDDEN', `task ${p.taskId} is not assigned to you`);
      trustOwnership(p.taskId, checkedAt);
      this.deps.onProgress(item);
      const line = JSON.stringify(item);
      await Promise.all([this.deps.broker.publish(`agent_events:${agentId}`, line), this.deps.broker.publish('task_updates', line)]);
    });
    on(AGENT_EVENTS.usage, TaskUsage, async (usage) => {
      await assertOwnTask(usage.taskId);
      const verdict = await this.deps.usage.record(agentId, usage);
      this.deps.metrics?.modelTokens.inc({ model: usage.model, direction: 'input' }, usage.inputTokens);
      this.deps.metrics?.modelTokens.inc({ model: usage.model, direction: 'output' }, usage.outputTokens);
      this.deps.metrics?.modelCost.inc({ model: usage.model }, usage.costUsd);
      if (verdict?.agentExhausted) await this.pause(agentId, 'token budget spent');
      if (verdict?.sessionExhausted) {
        for (const a of await services.store.agents.listBySession(verdict.sessionExhausted.id)) await this.pause(a.id, 'session token budget spent');
      }
      return { paused: Boolean(verdict?.agentExhausted || verdict?.sessionExhausted) };
    });
    on(AGENT_EVENTS.result, TaskResult, ({ taskId, result, traceparent }) => inTaskTrace('hub.task_result', taskId, traceparent, async () => {
      const frees = link.busyWith === taskId; // the outcome of the task this agent works: it goes busy → idle with it
      const task = await services.scheduler.complete(taskId, result, actor, agentId, frees ? TO_IDLE : undefined);
      ownedUntil.delete(taskId);
      this.finished(link, taskId, frees);
      void dispatcher.traces.forget(taskId);
      return { status: task.status };
    }));
    on(AGENT_EVENTS.failed, TaskFailed, ({ taskId, error, retryable, traceparent }) => inTaskTrace('hub.task_failed', taskId, traceparent, async () => {
      const frees = link.busyWith === taskId; // as for a result
      const task = await services.scheduler.fail(taskId, agentId, error, retryable, frees ? TO_IDLE : undefined);
      ownedUntil.delete(taskId);
      this.finished(link, taskId, frees);
      // A retried task keeps its trace: the next attempt continues it.
      if (task.status !== 'retrying') void dispatcher.traces.forget(taskId);
      return { status: task.status };
    }));
    on(AGENT_EVENTS.createSubtask, CreateSubtaskRequest, (req) => inTaskTrace('hub.create_subtask', req.parentTaskId, req.traceparent, async () => {
      const parent = await ownTask(req.parentTaskId);
      return services.tasks.create(actor, {
        title: req.title,
        description: req.description,
        type: req.type,
        priority: req.priority ?? parent.priority,
        parentTaskId: parent.id,
        sessionId: parent.sessionId ?? undefined,
        requiredCapabilities: [],
        dependencies: [],
        context: { delegatedBy: agentId },
        maxAttempts: parent.maxAttempts,
      });
    }));
    on(AGENT_EVENTS.sendMessage, SendMessageRequest, (req) =>
      services.messages.send(actor, { toAgentId: req.toAgentId, fromAgentId: agentId, content: req.content, metadata: {} }, null),
    );
    on(AGENT_EVENTS.storeContext, StoreContextRequest, (req) =>
      services.context.remember(actor, { ...req, agentId, sessionId: agent.sessionId ?? undefined, metadata: {} }),
    );
    on(AGENT_EVENTS.searchContext, SearchContextRequest, (req) =>
      services.context.search({ query: req.query, limit: req.limit, sessionId: agent.sessionId ?? undefined }),
    );
    on(AGENT_EVENTS.submitProposal, SubmitProposalRequest, (req) =>
      services.proposals.propose(actor, { ...req, proposerAgentId: agentId }, null),
    );

    socket.on('disconnect', (reason) => {
      dispatcher.unregister(agentId);
      if (this.closed) return;
      log(`agent ${agentId} disconnected (${reason})`);
      // A blip should not cost the task: give the worker a moment to reconnect first.
      const timer = setTimeout(() => void this.abandon(agentId), this.deps.reconnectGraceMs);
      timer.unref();
      this.releaseTimers.set(agentId, timer);
    });
    await setup; // a failed setup disconnects the socket (see the constructor)
  }

  /**
   * Send the task and wait for the worker's answer. `inFlight.sent` holds it from the send until
   * an answer in time, so a withdrawal knows whether the worker can have it at all.
   */
  private async offer(socket: Socket, agent: Agent, task: Task, inFlight: OfferState): Promise<OfferAnswer> {
    inFlight.dropped.delete(task.id);
    const prompt = await this.promptFor(agent);
    // The dispatcher gave up while the prompt was read: do not send what it already released.
    if (inFlight.dropped.delete(task.id)) return 'refused';
    // Offers are made inside the task's dispatch span (Dispatcher.deliver): pass it on.
    const traceparent = currentTraceparent();
    const assignment: TaskAssignment = { task, systemPrompt: prompt?.prompt ?? '', promptVersion: prompt?.version ?? 0, ...(traceparent && { traceparent }) };
    inFlight.sent.add(task.id);
    try {
      const reply = (await socket.timeout(this.deps.offerTimeoutMs ?? OFFER_TIMEOUT_MS).emitWithAck(AGENT_EVENTS.assign, assignment)) as { accepted?: boolean };
      inFlight.sent.delete(task.id);
      return reply?.accepted === true ? 'accepted' : 'refused';
    } catch {
      return 'unanswered'; // still in `sent`: the worker may yet take it up (Dispatcher.deliver withdraws it)
    }
  }

  /** The agent's prompt version, else its type's latest prompt (only exact versions are kept). */
  private async promptFor(agent: Agent): Promise<AgentPrompt | undefined> {
    const key = `${agent.type}@${agent.promptVersion}`;
    const kept = this.prompts.get(key);
    if (kept) return kept;
    const { agentTypes } = this.deps.services.store;
    const exact = await agentTypes.getPrompt(agent.type, agent.promptVersion);
    if (exact) {
      this.prompts.set(key, exact);
      return exact;
    }
    return (await agentTypes.get(agent.type))?.prompts.at(-1);
  }

  /**
   * A reported outcome committed; `idled` when the agent's busy → idle went with it (the
   * outcome was for the task the link held). The worker says agent:ready when it wants the
   * next task.
   */
  private finished(link: AgentLink, taskId: string, idled: boolean): void {
    if (idled) this.idled.add(link.agent.id);
    if (link.busyWith === taskId) link.busyWith = null;
  }

  /** Pause an agent: no new work, its task goes back to the queue, the worker is told. */
  async pause(agentId: string, reason: string): Promise<void> {
    const { services, dispatcher } = this.deps;
    const link = dispatcher.link(agentId);
    if (link) link.paused = true;
    await services.agents.setStatus('hub', agentId, ['created', 'starting', 'idle', 'busy'], 'paused');
    this.notify(agentId, AGENT_EVENTS.pause, { reason });
    await services.scheduler.releaseAgentTasks(agentId, reason, 'hub');
    if (link) link.busyWith = null;
  }

  /** Undo a pause: the worker takes work again. False when the worker is not connected here. */
  async resume(agentId: string, actor: string): Promise<boolean> {
    const link = this.deps.dispatcher.link(agentId);
    if (!link) return false;
    link.paused = false;
    await this.deps.services.agents.setStatus(actor, agentId, ['paused'], 'idle');
    return this.notify(agentId, AGENT_EVENTS.resume, {});
  }

  /** The agent did not come back: its tasks return to the queue and it is marked lost. */
  private async abandon(agentId: string): Promise<void> {
    this.releaseTimers.delete(agentId);
    if ([...this.nsp.sockets.values()].some((s) => s.data.agentId === agentId)) return;
    const { services, log } = this.deps;
    try {
      await services.scheduler.releaseAgentTasks(agentId, 'agent disconnected', 'hub');
      await services.agents.setStatus('hub', agentId, ['idle', 'busy', 'starting'], 'lost');
    } catch (err) {
      log(`releasing tasks of ${agentId} failed: ${(err as Error).message}`);
    }
  }
}

/** A link's offers in flight (AgentGateway.offer, and the link's withdraw). */
interface OfferState {
  sent: Set<string>;
  dropped: Set<string>;
}

export { ERROR_EVENT };

/** The room of an agent's socket in the `/agents` namespace. */
const agentRoom = (agentId: string) => `agent:${agentId}`;
