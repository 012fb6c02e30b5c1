/**
 * Follows an agent pod's log (`follow=true&timestamps=true`) into a bounded buffer, because
 * a stopped pod is deleted and its log goes with it — yet logs() must still show what the
 * worker said last (e.g. "got SIGTERM, exiting"). While the pod exists, logs() reads the API;
 * this buffer is what remains afterwards.
 *
 * A stream that drops while the pod still runs is resumed with `sinceTime`; lines at or
 * before the last timestamp seen are skipped, so nothing is doubled.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { describeKubeError, kubeFailure } from './api-errors.js';
import { openStream } from './kube-stream.js';
import { LineBuffer } from './line-buffer.js';

/** RFC 3339 with up to nine fractional digits → nanoseconds since the epoch (comparable exactly). */
export function timestampNanos(stamp: string): bigint | null {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(stamp);
  if (!m) return null;
  const seconds = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(seconds)) return null;
  return BigInt(seconds) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'));
}

export interface PodLogFollowerOptions {
  kubeConfig: KubeConfig;
  namespace: string;
  podName: string;
  container: string;
  capacity: number;
  retryMs: number;
  log: (msg: string) => void;
}

export class PodLogFollower {
  readonly lines: LineBuffer;
  private readonly abort = new AbortController();
  private lastNanos: bigint | null = null;
  private lastStamp: string | null = null;
  private podFinished = false;
  private running: Promise<void> | null = null;
  private wakeRetry: () => void = () => undefined;

  constructor(private readonly options: PodLogFollowerOptions) {
    this.lines = new LineBuffer(options.capacity);
  }

  start(): void {
    this.running ??= this.loop();
  }

  /**
   * The pod has finished or is gone: let the current stream deliver its last lines (it ends
   * by itself once the container has exited), for at most `waitMs`, then stop.
   */
  async settle(waitMs: number): Promise<void> {
    this.podFinished = true;
    this.wakeRetry();
    if (!this.running) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.running, new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
    this.stop();
  }

  stop(): void {
    this.podFinished = true;
    this.abort.abort();
    this.wakeRetry();
  }

  private async loop(): Promise<void> {
    while (!this.abort.signal.aborted) {
      try {
        await this.followOnce();
      } catch (err) {
        if (this.abort.signal.aborted) return;
        const code = kubeFailure(err)?.code;
        // 404: the pod is gone. 400: the container is not running (yet, or any more).
        if (code === 404) return;
        if (code !== 400) this.options.log(`kubernetes: following the log of pod ${this.options.podName}: ${describeKubeError(err)}`);
      }
      if (this.podFinished) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.retryMs);
        this.wakeRetry = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  private async followOnce(): Promise<void> {
    const { kubeConfig, namespace, podName, container, capacity } = this.options;
    const query: Record<string, string> = { container, follow: 'true', timestamps: 'true' };
    if (this.lastStamp) query.sinceTime = this.lastStamp;
    else query.tailLines = String(capacity);
    const res = await openStream(kubeConfig, `/api/v1/namespaces/${namespace}/pods/${podName}/log`, query, this.abort.signal);
    let partial = '';
    res.setEncoding('utf8');
    await new Promise<void>((resolve, reject) => {
      res.on('data', (chunk: string) => {
        const parts = (partial + chunk).split('\n');
        partial = parts.pop()!;
        for (const line of parts) this.accept(line);
      });
      res.on('end', () => {
        if (partial) this.accept(partial);
        resolve();
      });
      res.on('error', reject);
      // Closed before the body was complete: the connection dropped.
      res.on('close', () => (res.complete ? resolve() : reject(new Error('log stream closed early'))));
    });
  }

  private accept(raw: string): void {
    const space = raw.indexOf(' ');
    const stamp = space > 0 ? raw.slice(0, space) : raw;
    const nanos = timestampNanos(stamp);
    if (nanos === null) {
      this.lines.push(raw);
      return;
    }
    if (this.lastNanos !== null && nanos <= this.lastNanos) return;
    this.lastNanos = nanos;
    this.lastStamp = stamp;
    this.lines.push(space > 0 ? raw.slice(space + 1) : '');
  }
}
