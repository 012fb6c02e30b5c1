import type { Broker } from '../broker/port.js';
import { contextFrom, currentTraceparent, tracingEnabled, type Context } from './tracing.js';

// A day: long enough for retries and slow queues; a trace that outlives it just ends there.
const TTL_MS = 24 * 60 * 60 * 1000;
const key = (taskId: string) => `trace:task:${taskId}`;

/**
 * Which trace each task belongs to. A task is claimed later, often by another hub or in
 * answer to an agent's "ready" rather than inside the request that created it, so the
 * creating span's traceparent is kept in the broker (shared by every hub, transport not
 * truth: losing it only cuts the trace). Nothing is stored or read while tracing is off.
 */
export class TaskTraces {
  constructor(private readonly broker: Broker) {}

  /** Remember the active span as the task's trace (call inside the creating span). */
  async remember(taskId: string): Promise<void> {
    const traceparent = currentTraceparent();
    if (traceparent) await this.broker.setWithTtl(key(taskId), traceparent, TTL_MS);
  }

  /** The context to continue the task's trace in, if it has one. */
  async contextOf(taskId: string): Promise<Context | undefined> {
    if (!tracingEnabled()) return undefined;
    return contextFrom((await this.broker.get(key(taskId)).catch(() => null)) ?? undefined);
  }

  /** The task is settled: its trace link is no longer needed. */
  async forget(taskId: string): Promise<void> {
    if (tracingEnabled()) await this.broker.delete(key(taskId)).catch(() => {});
  }
}
