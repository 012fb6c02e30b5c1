import { AGENT_TYPES, type Agent, type DomainEvent, type Task } from '../../../shared/index.js';
import type { Broker, StreamEntry } from '../broker/port.js';
import { TaskTraces } from '../observability/task-traces.js';
import { inSpan, recordSpan, spanClock, SpanKind, tracingEnabled, type Context } from '../observability/tracing.js';
import type { Store } from '../store/store.js';
import type { TaskScheduler } from './task-scheduler.js';
import { withTimeout } from '../with-timeout.js';

/** An agent connected to this hub, as the dispatcher sees it. */
export interface AgentLink {
  agent: Pick<Agent, 'id' | 'type' | 'capabilities'>;
  /** The task it is working (or being offered), or null when it is idle and wants work. */
  busyWith: string | null;
  /** True while an offer waits for the worker's answer. */
  offering: boolean;
  /** Paused agents (budget, sleep) take no work. */
  paused: boolean;
  /** Deliver the task and wait for the worker's answer (`unanswered`: none came in time). */
  offer(task: Task): Promise<OfferAnswer>;
  /**
   * Give up an offer that went unanswered. When its assignment reached the worker, the worker
   * may still take the task up late: it is told to drop it, may no longer act on it here, and
   * true is returned. False when it was never sent (and now never will be).
   */
  withdraw(taskId: string): boolean;
}

export type OfferAnswer = 'accepted' | 'refused' | 'unanswered';

export interface DispatcherOptions {
  hubId: string;
  /** How often queues are polled and idle agents matched against the database (safety net). */
  pollMs: number;
  /** Entries pending longer than this on any hub are taken over (the hub may be gone). */
  claimIdleMs: number;
  sweepMs: number;
}

const GROUP = 'dispatch';
export const queueFor = (type: string | null) => `task_queue:${type ?? 'any'}`;
const QUEUES = [...AGENT_TYPES.map(queueFor), queueFor(null)];

/**
 * Matches ready tasks with idle agents connected to this hub. Postgres decides (the claim is
 * a guarded update); the broker only carries wake-ups: a task that becomes ready is announced
 * on its type's stream, and every hub's dispatcher reads the streams in one consumer group. An
 * entry a hub cannot place (no idle agent of that kind here) stays pending, and after
 * claimIdleMs another hub — or this one, later — takes it over with XAUTOCLAIM.
 */
export class Dispatcher {
  private readonly links = new Map<string, AgentLink>();
  private timers: NodeJS.Timeout[] = [];
  private unsubscribe: (() => void) | null = null;
  private kicking: Promise<void> | null = null;
  /** Background work in flight, so stop() can wait for it before the store closes. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private kickAgain = false;
  private stopped = false;
  /** Which trace each task belongs to (tracing only). */
  readonly traces: TaskTraces;

  constructor(
    private readonly store: Store,
    private readonly scheduler: TaskScheduler,
    private readonly broker: Broker,
    private readonly options: DispatcherOptions,
    private readonly log: (msg: string) => void = () => {},
  ) {
    this.traces = new TaskTraces(broker);
  }

  /** The longest one claim or one background step may take before the dispatcher moves on. */
  private get stepTimeoutMs(): number {
    return Math.max(10_000, this.options.pollMs * 20);
  }

  async start(): Promise<void> {
    for (const q of QUEUES) await this.broker.ensureGroup(q, GROUP);
    this.unsubscribe = this.store.onEvents((events) => {
      // Listeners run right after the commit, inside the creating request's span: note it first.
      if (tracingEnabled()) for (const e of events) if (e.type === 'task.created') this.track(this.traces.remember(String(e.payload.id)));
      this.track(this.announceReady(events));
    });
    this.every(this.options.pollMs, () => this.pollQueues());
    this.every(this.options.claimIdleMs, () => this.claimStale());
    this.every(this.options.pollMs * 4, () => this.kick());
    this.every(this.options.sweepMs, () => this.sweep());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.unsubscribe?.();
    await Promise.allSettled([this.kicking, ...this.inFlight]);
  }

  register(link: AgentLink): void {
    this.links.set(link.agent.id, link);
    this.track(this.kick());
  }

  unregister(agentId: string): void {
    this.links.delete(agentId);
  }

  link(agentId: string): AgentLink | undefined {
    return this.links.get(agentId);
  }

  /** The agent finished (or was freed from) its task and wants another. */
  idle(agentId: string): void {
    const link = this.links.get(agentId);
    if (!link) return;
    link.busyWith = null;
    this.track(this.kick());
  }

  /**
   * Offer work to every idle agent here until no ready task matches any of them. Calls
   * coalesce: a kick during a kick runs once more afterwards instead of in parallel.
   */
  kick(): Promise<void> {
    if (this.kicking) {
      this.kickAgain = true;
      return this.kicking;
    }
    this.kicking = (async () => {
      do {
        this.kickAgain = false;
        const idle = this.idleLinks();
        if (idle.length === 0) continue;
        // One read says which idle agents anything could go to; the rest are not tried (a
        // claim per idle agent every round was most of an idle fleet's database load).
        const demand = await withTimeout(this.store.tasks.demand(idle.map((l) => l.agent.id)), this.stepTimeoutMs, 'reading the demand took too long').catch((err: Error) => {
          this.log(`dispatcher: could not read what is ready: ${err.message}`);
          return null;
        });
        if (!demand) continue;
        for (const link of idle) {
          if (this.stopped) return;
          if (link.busyWith !== null || link.paused) continue; // given work meanwhile (place)
          const handed = demand.handedTo.has(link.agent.id);
          if (!handed && demand.complete && !demand.ready.some((shape) => matches(link.agent, shape))) continue;
          const claimed = await withTimeout(this.claim(link, undefined, handed), this.stepTimeoutMs, `claiming a task for agent ${link.agent.id} took over ${this.stepTimeoutMs} ms`).catch((err: Error) => {
            this.log(`claim for agent ${link.agent.id} failed: ${err.message}`);
            return null;
          });
          if (claimed) await this.deliver(link, claimed.task, claimed.trace);
        }
      } while (this.kickAgain && !this.stopped);
    })().finally(() => {
      this.kicking = null;
    });
    return this.kicking;
  }

  private idleLinks(): AgentLink[] {
    return [...this.links.values()].filter((l) => l.busyWith === null && !l.paused);
  }

  /** Claim a task for the agent (the next best, or `taskId`), with the trace it belongs to. */
  private async claim(link: AgentLink, taskId?: string, handed = true): Promise<{ task: Task; trace: Context | undefined } | null> {
    const started = spanClock();
    const task = await this.scheduler.claimFor(link.agent, taskId, { handed });
    if (!task) return null;
    const trace = await this.traces.contextOf(task.id);
    // Recorded afterwards: which trace the claim belongs to is known only once it is done.
    recordSpan('scheduler.claim', started, { parent: trace, attributes: this.spanAttributes(link, task) });
    return { task, trace };
  }

  private spanAttributes(link: AgentLink, task: Task) {
    return { 'hive.task.id': task.id, 'hive.task.attempt': task.attempts, 'hive.agent.id': link.agent.id, 'hive.hub.id': this.options.hubId };
  }

  /**
   * Offer a claimed task and settle the outcome. Every wait here is bounded: a kick awaits its
   * deliveries one by one, so one offer that never settled (its prompt read hanging on a lost
   * database connection) would stall dispatch on this hub for good.
   */
  private async deliver(link: AgentLink, task: Task, trace?: Context): Promise<boolean> {
    link.busyWith = task.id;
    link.offering = true;
    // To the back of the line: idle agents are tried in the order they last got work, so the
    // work spreads over the fleet instead of going to the first agent whenever it is free.
    if (this.links.get(link.agent.id) === link) {
      this.links.delete(link.agent.id);
      this.links.set(link.agent.id, link);
    }
    // The offer runs inside the task's trace, so the assignment carries its traceparent.
    const offered = inSpan('task.dispatch', { kind: SpanKind.PRODUCER, parent: trace, attributes: this.spanAttributes(link, task) }, async (span) => {
      const answer = await link.offer(task);
      span?.setAttribute('hive.dispatch.accepted', answer === 'accepted');
      return answer;
    });
    const answer = await withTimeout(offered, this.stepTimeoutMs, 'the offer took too long').catch((): OfferAnswer => 'unanswered');
    link.offering = false;
    if (answer !== 'accepted') {
      // A worker that answers late may already be working the task: withdrawn there before it is
      // released, it cannot act on it (create subtasks, report) while another agent does, and
      // the link stays busy with it, so this agent gets no offer until its worker says ready.
      // An offer that never reached the worker (its prompt read hung) leaves the agent free.
      const withdrawn = answer === 'unanswered' && link.withdraw(task.id);
      if (!withdrawn) link.busyWith = null;
      // If this fails the task stays assigned to this agent: it is offered again the next time
      // the agent is idle (a waiting hand-over, TaskRepository.assignedTo), and should the agent
      // go away, the sweeper retries it once its lease runs out.
      const release = this.scheduler.release(task.id, 'the agent did not accept the assignment', `hub:${this.options.hubId}`);
      await withTimeout(release, this.stepTimeoutMs, 'the release took too long').catch((err: Error) =>
        this.log(`could not release task ${task.id}: ${err.message} (the sweeper will)`),
      );
    }
    return answer === 'accepted';
  }

  /**
   * Committed task events that made a task ready: given straight to an idle agent here that
   * matches (the event carries the task), else announced on its type's stream for whichever
   * hub has one. The direct path skips the stream's round trips and a read of the task —
   * most of the time from created to running when this hub has an idle agent.
   */
  private async announceReady(events: DomainEvent[]): Promise<void> {
    const ready = events.filter((e) => e.type.startsWith('task.') && e.payload.status === 'ready');
    if (ready.length === 0) return;
    let announced = 0;
    for (const e of ready) {
      const task = e.payload as unknown as Task;
      const link = this.stopped ? undefined : this.idleLinks().find((l) => matches(l.agent, task));
      const claimed = link ? await withTimeout(this.claim(link, task.id), this.stepTimeoutMs, 'the claim took too long').catch(() => null) : null;
      if (link && claimed) {
        this.track(this.deliver(link, claimed.task, claimed.trace));
        continue;
      }
      announced++;
      await this.broker.enqueue(queueFor(task.type ?? null), { taskId: String(task.id) }).catch((err: Error) => {
        this.log(`could not announce task ${String(task.id)}: ${err.message}`);
      });
    }
    if (announced > 0 && !this.stopped) await this.pollQueues();
  }

  private async pollQueues(): Promise<void> {
    for (const q of QUEUES) {
      const entries = await this.broker.read(q, GROUP, this.options.hubId, { count: 50, blockMs: 0 });
      await this.place(q, entries);
    }
  }

  private async claimStale(): Promise<void> {
    for (const q of QUEUES) {
      const entries = await this.broker.claimStale(q, GROUP, this.options.hubId, this.options.claimIdleMs, 50);
      await this.place(q, entries);
    }
  }

  /** Try to give each announced task to a matching idle agent here; ack what is settled. */
  private async place(queue: string, entries: StreamEntry[]): Promise<void> {
    const settled: string[] = [];
    for (const entry of entries) {
      const task = await this.store.tasks.get(entry.fields.taskId ?? '');
      if (!task || task.status !== 'ready') {
        settled.push(entry.id);
        continue;
      }
      const link = this.idleLinks().find((l) => matches(l.agent, task));
      if (!link) continue; // stays pending: another hub (or a later idle agent) takes it over
      const claimed = await this.claim(link, task.id);
      if (claimed) await this.deliver(link, claimed.task, claimed.trace);
      settled.push(entry.id);
    }
    if (settled.length) await this.broker.ack(queue, GROUP, settled);
  }

  private async sweep(): Promise<void> {
    const lock = await this.broker.tryLock('sweeper', this.options.sweepMs * 5);
    if (!lock) return; // another hub sweeps this round
    try {
      await this.scheduler.sweep();
    } finally {
      await lock.release();
    }
  }

  /** Run background work so that errors are logged, never unhandled, and stop() waits for it. */
  private track(work: Promise<unknown>): void {
    const tracked = work.catch((err: Error) => this.log(`dispatcher: ${err.message}`)).finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private every(ms: number, fn: () => Promise<void>): void {
    let running = false;
    const timer = setInterval(() => {
      if (running || this.stopped) return;
      running = true;
      // Bounded: a query that never settles (a connection lost under it) must not stop this loop for good.
      this.track(
        withTimeout(fn(), this.stepTimeoutMs, `a dispatcher step took over ${this.stepTimeoutMs} ms; going on`).finally(() => {
          running = false;
        }),
      );
    }, ms);
    timer.unref();
    this.timers.push(timer);
  }
}

export function matches(agent: Pick<Agent, 'type' | 'capabilities'>, task: { type: string | null; requiredCapabilities: string[] }): boolean {
  return (task.type === null || task.type === agent.type) && task.requiredCapabilities.every((c) => agent.capabilities.includes(c));
}
