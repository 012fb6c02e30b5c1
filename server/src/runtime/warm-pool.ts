/**
 * A warm pool over any RuntimeDriver that can pre-start workers and hand one to an agent later
 * (WarmStartDriver; the Docker driver is one). It keeps N parked workers per agent type, so a
 * spawn is a claim (deliver an identity to a running worker) rather than a cold start (create
 * and start a container, load Node and the worker bundle). It is itself a RuntimeDriver: the
 * hub wraps its driver in it and nothing else changes.
 *
 * A spawn takes a parked worker of the agent's type when one is idle and otherwise starts cold;
 * a claim that fails for any reason but CONFLICT (the agent already runs) falls back to a cold
 * start, so the pool can make spawns faster but never makes them fail. Taken workers are
 * replaced in the background, one at a time per type, backing off when pre-starts fail.
 */
import { AppError } from '../errors.js';
import type { AgentLaunchSpec, ExitInfo, RuntimeDriver, RuntimeHealth, RuntimeInstance } from './port.js';

export interface ParkedWorker {
  /** Driver reference (a container id). */
  ref: string;
  agentType: string;
  startedAt: string;
}

export interface WarmStartDriver extends RuntimeDriver {
  /** False when this driver's configuration cannot claim (e.g. Docker volume workspaces). */
  readonly supportsWarmStart: boolean;
  /** Starts a worker with no identity yet; it waits to be claimed. */
  prestart(agentType: string): Promise<ParkedWorker>;
  /**
   * Gives a parked worker its agent's identity and workspace. Rejects with CONFLICT when the
   * agent already has a worker (the parked one is left parked); any other rejection means the
   * parked worker is gone.
   */
  claim(parked: ParkedWorker, spec: AgentLaunchSpec): Promise<RuntimeInstance>;
  /** Stops and removes a parked worker. */
  discardParked(ref: string): Promise<void>;
  /** Parked workers this driver knows, including ones a previous hub left running. */
  parkedWorkers(): ParkedWorker[];
  /** A parked worker died (it is never reported through onExit: it was no agent yet). */
  onParkedExit(listener: (ref: string) => void): () => void;
}

export function isWarmStartDriver(driver: RuntimeDriver): driver is WarmStartDriver {
  return typeof (driver as Partial<WarmStartDriver>).claim === 'function' && (driver as Partial<WarmStartDriver>).supportsWarmStart === true;
}

export interface WarmPoolOptions {
  /** Parked workers to keep per agent type, e.g. `{ backend: 2, qa: 1 }`. */
  sizes: Record<string, number>;
  /** First retry after a failed pre-start; doubles up to 60 s. Default 1 s. */
  retryBaseMs?: number;
  /**
   * How long after a claim its replacement starts. Default 300 ms: starting a container (and
   * the Node process in it) takes a few hundred ms of CPU, which would otherwise compete with
   * the claimed worker's own start and connection — the wait the claim exists to shorten.
   */
  refillDelayMs?: number;
  log?: (line: string) => void;
}

export interface WarmPoolStats {
  claims: number;
  coldSpawns: number;
  /** Claims that failed and fell back to a cold start. */
  fallbacks: number;
  parked: Record<string, number>;
}

const RETRY_MAX_MS = 60_000;
const REFILL_DELAY_MS = 300;

export class WarmPoolDriver implements RuntimeDriver {
  readonly kind;
  private readonly idle = new Map<string, ParkedWorker[]>();
  private readonly refilling = new Set<string>();
  private readonly retryMs = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly unsubscribe: () => void;
  private readonly counters = { claims: 0, coldSpawns: 0, fallbacks: 0 };
  private closed = false;
  private drained = false;

  /** Adopts the parked workers the driver already has (a previous hub's), discards extras, and fills the pool. */
  constructor(
    readonly inner: WarmStartDriver,
    private readonly options: WarmPoolOptions,
  ) {
    this.kind = inner.kind;
    this.unsubscribe = inner.onParkedExit((ref) => this.forget(ref));
    for (const parked of inner.parkedWorkers()) {
      const list = this.idleOf(parked.agentType);
      if (list.length < this.target(parked.agentType)) list.push(parked);
      else void inner.discardParked(parked.ref).catch((err) => this.log(`discarding surplus parked worker ${parked.ref}: ${String(err)}`));
    }
    for (const type of Object.keys(options.sizes)) this.refill(type);
  }

  stats(): WarmPoolStats {
    const parked: Record<string, number> = {};
    for (const [type, list] of this.idle) parked[type] = list.length;
    return { ...this.counters, parked };
  }

  /** Resolves once every configured type has its parked workers (or `timeoutMs` passed: false). */
  async ready(timeoutMs = 30_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (Object.keys(this.options.sizes).every((type) => this.idleOf(type).length >= this.target(type))) return true;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return false;
  }

  async spawn(spec: AgentLaunchSpec): Promise<RuntimeInstance> {
    if (this.closed) throw new AppError('UNAVAILABLE', 'the warm pool is closed');
    const parked = this.idleOf(spec.agentType).shift();
    if (!parked) {
      this.counters.coldSpawns++;
      return this.inner.spawn(spec);
    }
    try {
      const instance = await this.inner.claim(parked, spec);
      this.counters.claims++;
      this.refillLater(spec.agentType);
      return instance;
    } catch (err) {
      if (err instanceof AppError && err.code === 'CONFLICT') {
        this.idleOf(spec.agentType).unshift(parked);
        throw err;
      }
      this.refill(spec.agentType);
      if (err instanceof AppError && err.code === 'VALIDATION_FAILED') throw err;
      this.log(`claiming parked worker ${parked.ref} for agent ${spec.agentId} failed (${err instanceof Error ? err.message : String(err)}); starting cold`);
      this.counters.fallbacks++;
      this.counters.coldSpawns++;
      return this.inner.spawn(spec);
    }
  }

  stop(agentId: string, graceMs?: number): Promise<void> {
    return this.inner.stop(agentId, graceMs);
  }

  list(): Promise<RuntimeInstance[]> {
    return this.inner.list();
  }

  logs(agentId: string, tail?: number): Promise<string[]> {
    return this.inner.logs(agentId, tail);
  }

  onExit(listener: (info: ExitInfo) => void): () => void {
    return this.inner.onExit(listener);
  }

  async health(): Promise<RuntimeHealth> {
    const health = await this.inner.health();
    const parked = Object.entries(this.stats().parked)
      .map(([type, n]) => `${type} ${n}/${this.target(type)}`)
      .join(', ');
    return parked ? { ...health, detail: `${health.detail}; warm pool: ${parked}` } : health;
  }

  usage(agentId: string): Promise<{ cpuPercent: number | null; memoryBytes: number } | null> {
    return this.inner.usage(agentId);
  }

  /** Stops refilling and closes the driver. Parked workers keep running for the next hub to adopt. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    // A pre-start under way finishes first, so its worker is parked (for the next hub) rather than lost track of.
    await Promise.allSettled([...this.inFlight]);
    this.unsubscribe();
    await this.inner.close();
  }

  /** Stops refilling and removes every parked worker (a shutdown that should leave nothing behind); spawns start cold from then on. */
  async drain(): Promise<void> {
    this.drained = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.inFlight]);
    const all = [...this.idle.values()].flat();
    this.idle.clear();
    await Promise.all(all.map((p) => this.inner.discardParked(p.ref).catch(() => undefined)));
  }

  private target(type: string): number {
    return Math.max(0, Math.floor(this.options.sizes[type] ?? 0));
  }

  private idleOf(type: string): ParkedWorker[] {
    let list = this.idle.get(type);
    if (!list) this.idle.set(type, (list = []));
    return list;
  }

  private forget(ref: string): void {
    for (const [type, list] of this.idle) {
      const i = list.findIndex((p) => p.ref === ref);
      if (i !== -1) {
        list.splice(i, 1);
        this.refill(type);
      }
    }
  }

  private refillLater(type: string): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.refill(type);
    }, this.options.refillDelayMs ?? REFILL_DELAY_MS);
    timer.unref();
    this.timers.add(timer);
  }

  /** Pre-starts parked workers for a type until it has its target, one at a time. */
  private refill(type: string): void {
    if (this.closed || this.drained || this.refilling.has(type) || this.target(type) === 0) return;
    this.refilling.add(type);
    const run = (async () => {
      try {
        while (!this.closed && !this.drained && this.idleOf(type).length < this.target(type)) {
          const parked = await this.inner.prestart(type);
          if (this.closed) return;
          this.idleOf(type).push(parked);
          this.retryMs.delete(type);
        }
      } catch (err) {
        if (this.closed) return;
        const wait = this.retryMs.get(type) ?? this.options.retryBaseMs ?? 1000;
        this.retryMs.set(type, Math.min(RETRY_MAX_MS, wait * 2));
        this.log(`pre-starting a ${type} worker failed (${err instanceof Error ? err.message : String(err)}); retrying in ${wait} ms`);
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.refill(type);
        }, wait);
        timer.unref();
        this.timers.add(timer);
      } finally {
        this.refilling.delete(type);
      }
    })();
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
  }

  private log(line: string): void {
    (this.options.log ?? console.warn)(`runtime(warm pool): ${line}`);
  }
}
