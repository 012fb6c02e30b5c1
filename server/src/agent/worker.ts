import { mkdirSync } from 'node:fs';
import { AGENT_EVENTS, TaskAssignment, TaskCancel, type Task } from '../../../shared/index.js';
import type { ModelProvider } from '../model/port.js';
import { contextFrom, currentTraceparent, inSpan, SpanKind, SpanStatusCode, traceLogFields, type Span } from '../observability/tracing.js';
import { HubConnection, isFinalRefusal } from './hub-connection.js';
import { ProgressOutbox } from './progress-outbox.js';
import { hubTools } from './hub-tools.js';
import { runTask, TaskFailure } from './loop.js';
import type { AgentTool } from './tools/types.js';

export interface WorkerConfig {
  /** The hub, or several hub replicas to fail over between (the first is tried first). */
  hubUrl: string | readonly string[];
  agentId: string;
  token: string;
  workspace: string;
  heartbeatMs: number;
  model: ModelProvider;
  workspaceTools: AgentTool[];
  log: (line: string) => void;
}

type Outcome = { event: string; payload: Record<string, unknown> };

/** How long a finished task's outcome waits for its output lines to be stored. */
const OUTPUT_BEFORE_OUTCOME_MS = 30_000;

/**
 * The agent worker: connects to the hub, takes one task at a time, runs the tool loop and
 * reports. Outcomes are retried until the hub acknowledges them, so a hub restart mid-task
 * loses no result (the hub applies a repeated completion once).
 */
export class AgentWorker {
  private readonly hub: HubConnection;
  /** Progress lines, delivered in order and sent again until stored (see ProgressOutbox). */
  private readonly outbox: ProgressOutbox;
  private current: { task: Task; abort: AbortController } | null = null;
  private unsent: Outcome | null = null;
  private flushRetry: NodeJS.Timeout | null = null;
  private paused = false;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(private readonly config: WorkerConfig) {
    mkdirSync(config.workspace, { recursive: true });
    this.hub = new HubConnection(config.hubUrl, config.agentId, config.token);
    this.outbox = new ProgressOutbox(this.hub, config.log);
    const { socket } = this.hub;
    socket.on('connect', () => {
      config.log(`connected to hub ${this.hub.hubUrl}`);
      void this.flushOutcome().then(() => this.askForWork());
    });
    // Reconnecting, also after the hub refused or dropped us, is HubConnection's job.
    socket.on('disconnect', (reason) => config.log(`disconnected: ${reason}`));
    socket.on('connect_error', (err) => config.log(`cannot connect: ${err.message}`));
    socket.on(AGENT_EVENTS.assign, (payload: unknown, ack: (r: { accepted: boolean }) => void) => this.onAssign(payload, ack));
    socket.on(AGENT_EVENTS.pause, (p: { reason?: string }) => {
      this.paused = true;
      config.log(`paused by the hub: ${p?.reason ?? ''}`);
      this.current?.abort.abort();
    });
    socket.on(AGENT_EVENTS.resume, () => {
      this.paused = false;
      config.log('resumed by the hub');
      this.askForWork();
    });
    // The task was cancelled, or its offer withdrawn because this worker answered too late: stop
    // working it (the hub took it back, so nothing is reported) and ask for work again.
    socket.on(AGENT_EVENTS.cancel, (payload: unknown) => {
      const parsed = TaskCancel.safeParse(payload);
      const current = this.current;
      if (!parsed.success || !current || current.task.id !== parsed.data.taskId) return;
      config.log(`task ${current.task.id} taken back by the hub${parsed.data.reason ? `: ${parsed.data.reason}` : ''}`);
      current.abort.abort();
    });
    socket.on(AGENT_EVENTS.error, (e: { event: string; message: string }) => config.log(`hub error on ${e.event}: ${e.message}`));
    this.heartbeat = setInterval(() => {
      // The hub extends the lease of the task named here only (an outcome not yet delivered
      // still holds its task), so a task this worker is not holding cannot stay leased to it.
      const held = this.current?.task.id ?? (this.unsent ? String(this.unsent.payload.taskId) : undefined);
      this.hub.emit(AGENT_EVENTS.heartbeat, held ? { taskId: held } : {});
    }, config.heartbeatMs);
  }

  /** Abort the current task and disconnect. */
  stop(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.current?.abort.abort();
    this.hub.close();
  }

  private askForWork(): void {
    if (!this.current && !this.unsent && !this.paused && this.hub.socket.connected) this.hub.emit(AGENT_EVENTS.ready, {});
  }

  private onAssign(payload: unknown, ack: (r: { accepted: boolean }) => void): void {
    const parsed = TaskAssignment.safeParse(payload);
    // The task this worker already works, offered again (the hub gave up waiting for the first
    // answer and handed it back to us): keep working it, and say it is started again.
    // (Not once it was cancelled or withdrawn here: that run is ending and reports nothing.)
    if (parsed.success && this.current?.task.id === parsed.data.task.id && !this.current.abort.signal.aborted && !this.paused) {
      ack({ accepted: true });
      this.hub.emit(AGENT_EVENTS.started, { taskId: parsed.data.task.id, ...(parsed.data.traceparent && { traceparent: parsed.data.traceparent }) });
      return;
    }
    if (!parsed.success || this.current || this.paused) {
      ack({ accepted: false });
      return;
    }
    ack({ accepted: true });
    void this.work(parsed.data);
  }

  /** Work the task inside its trace: the hub's dispatch span is the parent of ours. */
  private work(assignment: TaskAssignment): Promise<void> {
    const { task } = assignment;
    const attributes = { 'hive.task.id': task.id, 'hive.task.attempt': task.attempts, 'hive.agent.id': this.config.agentId };
    return inSpan('agent.task', { kind: SpanKind.CONSUMER, parent: contextFrom(assignment.traceparent), attributes }, (span) =>
      this.runAssignment(assignment, span),
    );
  }

  private async runAssignment({ task, systemPrompt }: TaskAssignment, span: Span | undefined): Promise<void> {
    const abort = new AbortController();
    this.current = { task, abort };
    const { log } = this.config;
    const { traceId } = traceLogFields();
    log(`task ${task.id}: ${task.title}${traceId ? ` (trace ${traceId})` : ''}`);
    // Our span's traceparent goes with what we report, so the hub's handling joins the trace.
    const traceparent = currentTraceparent();
    const traced = traceparent ? { traceparent } : {};
    this.hub.emit(AGENT_EVENTS.started, { taskId: task.id, ...traced });
    const reporter = {
      progress: (kind: 'log' | 'text' | 'tool_call' | 'tool_result' | 'step', message: string, data?: Record<string, unknown>) => {
        log(`[${kind}] ${message.split('\n')[0]?.slice(0, 300)}`);
        this.outbox.push({ taskId: task.id, kind, message: message.slice(0, 20_000), ...(data && { data }) });
      },
      usage: async (model: string, usage: { inputTokens: number; outputTokens: number }, costUsd: number) => {
        // Waiting for the verdict keeps the budget exact: the hub pauses us before the next call.
        await this.hub.request(AGENT_EVENTS.usage, { taskId: task.id, model, ...usage, costUsd }).catch((err: Error) => {
          log(`usage report failed: ${err.message}`);
        });
      },
    };
    try {
      const tools = [...this.config.workspaceTools, ...hubTools(this.hub, task.id)];
      const result = await runTask(task, systemPrompt, this.config.model, tools, this.config.workspace, reporter, abort.signal);
      this.unsent = { event: AGENT_EVENTS.result, payload: { taskId: task.id, result, ...traced } };
    } catch (err) {
      if (abort.signal.aborted) {
        // Paused, cancelled or stopping: the hub already took the task back.
        log(`task ${task.id} aborted`);
      } else {
        const retryable = err instanceof TaskFailure ? err.retryable : true;
        log(`task ${task.id} failed: ${(err as Error).message}`);
        span?.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message.slice(0, 500) });
        this.unsent = { event: AGENT_EVENTS.failed, payload: { taskId: task.id, error: (err as Error).message.slice(0, 20_000), retryable, ...traced } };
      }
    } finally {
      this.current = null;
    }
    await this.flushOutcome();
    this.askForWork();
  }

  /** Deliver the last outcome; on failure keep it for the next connect. */
  private async flushOutcome(): Promise<void> {
    const outcome = this.unsent;
    if (!outcome || !this.hub.socket.connected) return;
    // The task's output first, so a completed task's stored output is whole; bounded, so a hub
    // that keeps failing progress cannot hold the outcome back for good.
    await this.outbox.drained(OUTPUT_BEFORE_OUTCOME_MS);
    if (this.unsent !== outcome || !this.hub.socket.connected) return;
    try {
      await this.hub.request(outcome.event, outcome.payload);
      this.config.log(`reported ${outcome.event} for task ${String(outcome.payload.taskId)}`);
      if (this.unsent === outcome) this.unsent = null;
    } catch (err) {
      // The hub has settled this task some other way (reassigned, cancelled): drop the outcome.
      if (isFinalRefusal(err)) {
        this.config.log(`hub refused ${outcome.event}: ${(err as Error).message}`);
        if (this.unsent === outcome) this.unsent = null;
      } else if (!this.flushRetry) {
        // The hub could not take it now (its database restarting, a timeout): try again while
        // connected too, not only on the next connect — a worker holding an unsent outcome
        // asks for no work and keeps the task's lease alive with its heartbeats.
        this.config.log(`could not report ${outcome.event} (${(err as Error).message}); retrying`);
        this.flushRetry = setTimeout(() => {
          this.flushRetry = null;
          void this.flushOutcome().then(() => this.askForWork());
        }, 1000);
        this.flushRetry.unref();
      }
    }
  }
}
