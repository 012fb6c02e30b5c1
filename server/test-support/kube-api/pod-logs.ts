/**
 * What the kubelet's container log files hold: every line a container wrote (stdout and
 * stderr interleaved in the order written), each with an RFC 3339 nanosecond timestamp, and
 * whether the container is still writing (for `follow=true`). Logs go away with the pod, as
 * on a real node.
 */

export interface LogLine {
  /** RFC 3339 with nanoseconds, as the kubelet writes it; sorts lexically in time order. */
  time: string;
  text: string;
}

type Follower = (line: LogLine | null) => void;

let lastNs = 0n;

/** RFC 3339 with any number of fractional digits (up to 9) → nanoseconds since the epoch, or null. */
export function toNanos(stamp: string): bigint | null {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(stamp);
  const seconds = m ? Date.parse(`${m[1]}${m[3]}`) : NaN;
  return m && !Number.isNaN(seconds) ? BigInt(seconds) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0')) : null;
}

/** Strictly increasing nanosecond timestamps, so no two lines share one. */
export function logTimestamp(): string {
  const now = BigInt(Date.now()) * 1_000_000n;
  lastNs = now > lastNs ? now : lastNs + 1n;
  const ms = lastNs / 1_000_000n;
  const subMs = (lastNs % 1_000_000n).toString().padStart(6, '0');
  return new Date(Number(ms)).toISOString().replace(/Z$/, `${subMs}Z`);
}

export class ContainerLog {
  readonly lines: LogLine[] = [];
  private finished = false;
  private readonly followers = new Set<Follower>();

  get ended(): boolean {
    return this.finished;
  }

  write(text: string): void {
    if (this.finished) return;
    for (const part of text.split('\n')) {
      const line = { time: logTimestamp(), text: part };
      this.lines.push(line);
      for (const f of this.followers) f(line);
    }
  }

  /** The container exited: followers get `null` and their streams end. */
  end(): void {
    if (this.finished) return;
    this.finished = true;
    for (const f of this.followers) f(null);
    this.followers.clear();
  }

  follow(follower: Follower): () => void {
    this.followers.add(follower);
    return () => this.followers.delete(follower);
  }
}

export class PodLogs {
  private readonly logs = new Map<string, ContainerLog>();

  /** A fresh log for a container that (re)starts; the previous run's is kept as `previous`. */
  start(podUid: string, container: string): ContainerLog {
    const id = `${podUid}/${container}`;
    const current = this.logs.get(id);
    if (current) this.logs.set(`${id}/previous`, current);
    const log = new ContainerLog();
    this.logs.set(id, log);
    return log;
  }

  get(podUid: string, container: string, previous = false): ContainerLog | undefined {
    return this.logs.get(`${podUid}/${container}${previous ? '/previous' : ''}`);
  }

  /** The pod is gone from the node: so are its logs. */
  forget(podUid: string): void {
    for (const id of [...this.logs.keys()]) {
      if (id.startsWith(`${podUid}/`)) {
        this.logs.get(id)!.end();
        this.logs.delete(id);
      }
    }
  }
}
