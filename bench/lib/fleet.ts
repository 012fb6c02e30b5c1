/** Agents and tasks on a benchmarked hub, through its REST API and its /ui socket like a client. */
import { Agent as HttpAgent, request } from 'node:http';
import type { Socket } from 'socket.io-client';
import type { Agent, Task } from '../../shared/index.js';
import { waitFor } from '../../server/test-support/wait.js';
import type { HubHandle } from './hub-process.js';
import { connectUi, onUiEvents } from './ui-client.js';

/** What every benchmark task asks of the offline model: one file write, one tool call. */
export const BENCH_TASK_DESCRIPTION = 'write out.txt: ok';

/** Creates `count` agents (started at once) `parallel` at a time, and waits until all are idle. */
export async function startAgents(hub: HubHandle, count: number, opts: { prefix: string; parallel?: number; timeoutMs?: number }): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(count, opts.parallel ?? 5) }, async () => {
      while (next < count) {
        const i = next++;
        const agent = await hub.call<Agent>('POST', '/agents', { name: `${opts.prefix}-${i}`, type: 'backend', start: true });
        ids.push(agent.id);
      }
    }),
  );
  await waitForIdle(hub, ids, opts.timeoutMs ?? 60_000 + count * 2000);
  return ids;
}

export async function waitForIdle(hub: HubHandle, ids: string[], timeoutMs: number): Promise<void> {
  const wanted = new Set(ids);
  await waitFor(`${ids.length} agents to connect`, async () => {
    let idle = 0;
    for (let offset = 0; ; offset += 200) {
      const page = await hub.call<{ items: Agent[]; total: number }>('GET', `/agents?status=idle&limit=200&offset=${offset}`);
      idle += page.items.filter((a) => wanted.has(a.id)).length;
      if (page.items.length < 200) break;
    }
    return idle === wanted.size;
  }, timeoutMs, 250);
}

export interface TaskTiming {
  id: string;
  /** Date.now() when the create request left the bench. */
  sentAt: number;
  /** created → running, from the task's own timestamps (hub clock, ms). */
  dispatchMs?: number;
  /** When the `completed` event reached the /ui client (Date.now()). */
  doneAt?: number;
}

/**
 * Watches a hub's `fleet` room for completed tasks. Each completion's event carries the
 * task, so dispatch latency comes from its createdAt/startedAt, and end-to-end latency from
 * the create request leaving the bench to the event arriving here.
 */
export class TaskFlow {
  readonly timings = new Map<string, TaskTiming>();
  private readonly early = new Map<string, { doneAt: number; task: Task }>();
  private readonly http = new HttpAgent({ keepAlive: true, maxSockets: 64 });
  private constructor(
    private readonly hub: HubHandle,
    private readonly socket: Socket,
  ) {
    onUiEvents(socket, (e, at) => {
      if (e.type !== 'task.updated' || (e.payload as Task).status !== 'completed') return;
      const task = e.payload as Task;
      const timing = this.timings.get(task.id);
      if (timing) this.finish(timing, task, at);
      else this.early.set(task.id, { doneAt: at, task }); // completed before the create answer came back
    });
  }

  static async open(hub: HubHandle): Promise<TaskFlow> {
    return new TaskFlow(hub, await connectUi(hub.url, hub.tokens.viewer));
  }

  /** POST /tasks; resolves once the hub answered. */
  async create(title: string): Promise<TaskTiming> {
    const sentAt = Date.now();
    const task = await this.post<Task>('/api/v1/tasks', { title, type: 'backend', description: BENCH_TASK_DESCRIPTION });
    const timing: TaskTiming = { id: task.id, sentAt };
    this.timings.set(task.id, timing);
    const early = this.early.get(task.id);
    if (early) {
      this.early.delete(task.id);
      this.finish(timing, early.task, early.doneAt);
    }
    return timing;
  }

  /** Waits until every given task's completion arrived; false on timeout. */
  async settled(timings: TaskTiming[], timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (timings.every((t) => t.doneAt !== undefined)) return true;
      await new Promise((r) => setTimeout(r, 20));
    }
    return false;
  }

  close(): void {
    this.socket.close();
    this.http.destroy();
  }

  private finish(timing: TaskTiming, task: Task, at: number): void {
    timing.doneAt = at;
    if (task.startedAt) timing.dispatchMs = Date.parse(task.startedAt) - Date.parse(task.createdAt);
  }

  private post<T>(path: string, body: unknown): Promise<T> {
    const payload = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        `${this.hub.url}${path}`,
        {
          method: 'POST',
          agent: this.http,
          headers: { authorization: `Bearer ${this.hub.tokens.operator}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (text += d));
          res.on('end', () => (res.statusCode === 201 ? resolve(JSON.parse(text) as T) : reject(new Error(`POST ${path}: HTTP ${res.statusCode} ${text.slice(0, 200)}`))));
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }
}

/** Calls `fn(i)` for i in [0, count) at a fixed rate without waiting for earlier calls; resolves with all results. */
export async function atRate<T>(count: number, perSecond: number, fn: (i: number) => Promise<T>): Promise<PromiseSettledResult<T>[]> {
  const started = performance.now();
  const calls: Promise<T>[] = [];
  for (let i = 0; i < count; i++) {
    const wait = started + (i * 1000) / perSecond - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    calls.push(fn(i));
  }
  return Promise.allSettled(calls);
}
