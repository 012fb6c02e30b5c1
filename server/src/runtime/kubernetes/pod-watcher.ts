/**
 * Keeps a watch on the agent pods open, the way client-go's reflector does: watch from the
 * resourceVersion of the last list, resume from the last version seen when the stream ends
 * (servers close watches after timeoutSeconds; proxies drop them), and list again when the
 * server says that version is too old (410 Expired) — handing the fresh list to `onResync`
 * so changes missed in between are not lost. Reconnects back off exponentially.
 */
import { Watch, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { describeKubeError, kubeFailure } from './api-errors.js';

export type PodEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface PodWatcherOptions {
  kubeConfig: KubeConfig;
  namespace: string;
  labelSelector: string;
  /** Lists the pods again; returns them with the list's resourceVersion. */
  relist(): Promise<{ pods: V1Pod[]; resourceVersion: string }>;
  onEvent(type: PodEventType, pod: V1Pod): void;
  onResync(pods: V1Pod[]): void;
  /** Server-side watch timeout; the watch is then resumed. */
  timeoutSeconds: number;
  minBackoffMs: number;
  maxBackoffMs: number;
  log: (msg: string) => void;
}

export class PodWatcher {
  private resourceVersion = '';
  private controller: AbortController | null = null;
  private stopped = false;
  private expired = false;
  private backoffMs: number;
  private retryTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private lastError: string | null = null;
  private isConnected = false;
  /** Identifies the live watch; callbacks from an older one are ignored. */
  private current: object | null = null;

  constructor(private readonly options: PodWatcherOptions) {
    this.backoffMs = options.minBackoffMs;
  }

  /** True while a watch stream is open. */
  get connected(): boolean {
    return this.isConnected;
  }

  get error(): string | null {
    return this.lastError;
  }

  /** Opens the first watch; rejects when that fails, so the caller learns the API is unusable. */
  async start(resourceVersion: string): Promise<void> {
    this.resourceVersion = resourceVersion;
    await this.connect(true);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.idleTimer);
    this.controller?.abort();
    this.isConnected = false;
  }

  private async connect(first: boolean): Promise<void> {
    if (this.stopped) return;
    const { namespace, labelSelector, timeoutSeconds } = this.options;
    let endedEarly: unknown = undefined;
    let open = false;
    const generation = {};
    this.current = generation;
    this.expired = false;
    const controller = await new Watch(this.options.kubeConfig).watch(
      `/api/v1/namespaces/${namespace}/pods`,
      { labelSelector, resourceVersion: this.resourceVersion, allowWatchBookmarks: true, timeoutSeconds },
      (type, object: unknown) => this.current === generation && this.handle(type, object),
      (err: unknown) => {
        if (!open) endedEarly = err ?? new Error('the watch closed at once');
        else if (this.current === generation) this.ended(err);
      },
    );
    if (endedEarly !== undefined) {
      if (first) throw endedEarly;
      return this.ended(endedEarly);
    }
    open = true;
    this.controller = controller;
    this.isConnected = true;
    this.lastError = null;
    this.armIdleTimer();
  }

  private handle(type: string, object: unknown): void {
    this.armIdleTimer();
    const version = (object as { metadata?: { resourceVersion?: string } } | null)?.metadata?.resourceVersion;
    if (type === 'ERROR') {
      const status = object as { code?: number; message?: string };
      if (status.code === 410) this.expired = true;
      else this.options.log(`kubernetes: pod watch error: ${status.message ?? JSON.stringify(object)}`);
      return;
    }
    if (version) this.resourceVersion = version;
    if (type === 'BOOKMARK') return;
    if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') {
      this.backoffMs = this.options.minBackoffMs;
      this.options.onEvent(type, object as V1Pod);
    }
  }

  private ended(err: unknown): void {
    this.isConnected = false;
    this.current = null;
    clearTimeout(this.idleTimer);
    if (this.stopped) return;
    if (kubeFailure(err)?.code === 410) this.expired = true;
    if (err && !this.expired) this.lastError = describeKubeError(err);
    const delay = err ? this.backoffMs : 0;
    if (err) this.backoffMs = Math.min(this.backoffMs * 2, this.options.maxBackoffMs);
    this.retryTimer = setTimeout(() => void this.resume(), delay);
    // The hub's lifetime is decided elsewhere; a pending reconnect must not keep it alive.
    this.retryTimer.unref();
  }

  private async resume(): Promise<void> {
    try {
      if (this.expired) {
        const { pods, resourceVersion } = await this.options.relist();
        if (this.stopped) return;
        this.resourceVersion = resourceVersion;
        this.options.onResync(pods);
      }
      await this.connect(false);
    } catch (err) {
      this.ended(err);
    }
  }

  /**
   * A connection can die without either side noticing (a NAT table entry expires). The server
   * ends every watch after timeoutSeconds, so a silent stream well past that is a dead one.
   */
  private armIdleTimer(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.lastError = 'the pod watch went silent';
      this.controller?.abort();
    }, (this.options.timeoutSeconds + 30) * 1000);
    this.idleTimer.unref();
  }
}
