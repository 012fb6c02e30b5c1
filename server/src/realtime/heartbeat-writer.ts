/** One worker's heartbeat: which agent, and the task its worker says it holds (if any). */
export interface Beat {
  agentId: string;
  heldTaskId?: string;
}

interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Writes agents' heartbeats in batches. Every worker beats every few seconds, and two
 * statements per beat (its task lease, its agent's last-heartbeat time) were most of an idle
 * fleet's database load — 500 agents at 5 s is 200 statements a second. Beats arriving within
 * `windowMs` of the first share one write; an agent that beats twice in a window counts once
 * (its latest held task wins). Each caller's promise settles with the write that carried its
 * beat, so the worker's acknowledgement still means "stored". The window is tiny next to a
 * lease (tens of seconds), so no lease runs out waiting in it.
 */
export class HeartbeatWriter {
  private pending = new Map<string, { beat: Beat; waiters: Waiter[] }>();
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (beats: Beat[]) => Promise<void>,
    private readonly windowMs = 200,
  ) {}

  beat(beat: Beat): Promise<void> {
    return new Promise((resolve, reject) => {
      const entry = this.pending.get(beat.agentId);
      if (entry) {
        entry.beat = beat;
        entry.waiters.push({ resolve, reject });
      } else {
        this.pending.set(beat.agentId, { beat, waiters: [{ resolve, reject }] });
      }
      this.timer ??= setTimeout(() => void this.flush(), this.windowMs);
    });
  }

  /** Write what is waiting now (used on close), and wait for every write in flight. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    if (batch.length > 0) {
      // One write at a time, in order: a later batch never lands before an earlier one.
      this.writing = this.writing.then(async () => {
        try {
          await this.write(batch.map((e) => e.beat));
          for (const e of batch) for (const w of e.waiters) w.resolve();
        } catch (err) {
          for (const e of batch) for (const w of e.waiters) w.reject(err);
        }
      });
    }
    await this.writing;
  }
}
