/**
 * The reference ceiling for task throughput: a bare BullMQ queue on the same Redis, a worker
 * whose processor does nothing, jobs added at the same offered rates and counts as Hive's
 * tasks. It bounds what any Redis-backed queue can do here; Hive does far more per task
 * (Postgres truth, events, a worker process running the tool loop, a UI event).
 */
import { Queue, Worker, type Job } from 'bullmq';
import { atRate } from './fleet.js';
import { outcome, type StepOutcome, type TimedItem } from './steps.js';

export class BullmqCeiling {
  private readonly items = new Map<string, TimedItem>();
  private constructor(
    private readonly queue: Queue,
    private readonly worker: Worker,
  ) {
    worker.on('completed', (job: Job) => {
      const item = this.items.get(job.id!);
      if (!item) return;
      item.doneAt = Date.now();
      if (job.processedOn) item.dispatchMs = job.processedOn - job.timestamp;
    });
  }

  /** `concurrency` matches the number of Hive agents, so both have as many workers. */
  static async open(redisUrl: string, concurrency: number): Promise<BullmqCeiling> {
    const { hostname, port } = new URL(redisUrl);
    const connection = { host: hostname, port: Number(port), maxRetriesPerRequest: null };
    const name = `bench-${crypto.randomUUID().slice(0, 8)}`;
    const queue = new Queue(name, { connection, prefix: 'bench-bull' });
    const worker = new Worker(name, async () => ({ ok: true }), { connection, prefix: 'bench-bull', concurrency });
    await Promise.all([queue.waitUntilReady(), worker.waitUntilReady()]);
    return new BullmqCeiling(queue, worker);
  }

  async step(rate: number, count: number, timeoutMs: number): Promise<StepOutcome> {
    const startedAt = Date.now();
    const sent = await atRate(count, rate, async () => {
      // Registered under its id before it is added, so a completion can never arrive first.
      const jobId = crypto.randomUUID();
      const item: TimedItem = { sentAt: Date.now() };
      this.items.set(jobId, item);
      await this.queue.add('task', { description: 'noop' }, { jobId, removeOnComplete: true, removeOnFail: true });
      return item;
    });
    const items = sent.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && items.some((t) => t.doneAt === undefined)) await new Promise((r) => setTimeout(r, 20));
    this.items.clear();
    return outcome(rate, items, count - items.length, startedAt, null);
  }

  async close(): Promise<void> {
    await this.worker.close();
    await this.queue.obliterate({ force: true }).catch(() => undefined);
    await this.queue.close();
  }
}
