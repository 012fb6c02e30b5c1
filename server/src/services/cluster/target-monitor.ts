/**
 * Heartbeats of runtime targets. Every hub probes the targets it is connected to every
 * `intervalMs` (the driver's health(), bounded by a timeout) and, when a probe succeeds,
 * writes `heartbeat:target:{id}` with a TTL through the Broker, so every hub (memory or
 * Redis broker) sees when some hub last reached the target.
 *
 * A target is down when this hub's probes failed `downAfter` times in a row, or when a probe
 * failed and no hub has refreshed its heartbeat within the TTL (the key expired). A missing
 * key only says "expired" once this monitor has run for a TTL or has itself seen the target's
 * heartbeat: right after a hub starts (memory broker), after a Redis restart, it is missing for
 * every target, and one failed probe then must not be enough. Listeners hear each change
 * between down and up; the failover reacts to them.
 */
import type { Broker } from '../../broker/port.js';
import type { RuntimeDriver, RuntimeHealth } from '../../runtime/port.js';

export interface MonitorOptions {
  intervalMs: number;
  /** Heartbeat key TTL; a target nobody reached for this long is down. */
  ttlMs: number;
  /** Consecutive failed probes after which this hub calls a target down. */
  downAfter: number;
  /** A probe that takes longer fails. */
  probeTimeoutMs: number;
  /** Written into the heartbeat value (which hub reached the target). */
  hubId: string;
}

export interface TargetHealthState {
  status: RuntimeHealth['status'];
  detail: string;
  down: boolean;
  failedProbes: number;
  lastHeartbeatAt: string | null;
  lastProbeAt: string | null;
}

/** What the monitor needs of a target: a way to reach its driver (it may have to connect first). */
export interface ProbeTarget {
  id: string;
  driver(): Promise<RuntimeDriver>;
}

export const heartbeatKey = (targetId: string) => `heartbeat:target:${targetId}`;

export class TargetMonitor {
  private readonly states = new Map<string, TargetHealthState>();
  private readonly listeners = new Set<(id: string, state: TargetHealthState) => void>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private stopped = false;
  /** When this monitor first probed; a missing key means "expired" only a TTL after that. */
  private firstProbeAt: number | null = null;
  /** Targets whose heartbeat key this monitor has seen: for them a missing key means expired. */
  private readonly beatSeen = new Set<string>();

  constructor(
    private readonly broker: Broker,
    private readonly options: MonitorOptions,
    private readonly targets: () => Promise<ProbeTarget[]>,
    private readonly log: (line: string) => void,
  ) {}

  /** Probe once now, then every intervalMs. */
  async start(): Promise<void> {
    await this.tick();
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  state(id: string): TargetHealthState | undefined {
    return this.states.get(id);
  }

  forget(id: string): void {
    this.states.delete(id);
    this.beatSeen.delete(id);
  }

  /** Called with the new state each time a target goes down or comes back. */
  onChange(listener: (id: string, state: TargetHealthState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** One round over every target (also used after a failed spawn, to learn sooner). */
  tick(): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      try {
        const targets = await this.targets();
        await Promise.all(targets.map((t) => this.probe(t)));
      } catch (err) {
        this.log(`cluster: probing targets failed: ${(err as Error).message}`);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** Probe one target now (a target just registered), outside the round. */
  probeNow(target: ProbeTarget): Promise<void> {
    return this.probe(target);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick().finally(() => this.schedule()), this.options.intervalMs);
    this.timer.unref();
  }

  private async probe(target: ProbeTarget): Promise<void> {
    this.firstProbeAt ??= Date.now();
    const health = await this.withTimeout(target.driver().then((d) => d.health())).catch(
      (err: Error): RuntimeHealth => ({ status: 'down', detail: err.message, running: 0 }),
    );
    if (this.stopped) return;
    const key = heartbeatKey(target.id);
    const previous = this.states.get(target.id);
    const reached = health.status !== 'down';
    if (reached) {
      const at = new Date().toISOString();
      await this.broker.setWithTtl(key, JSON.stringify({ hub: this.options.hubId, at, status: health.status }), this.options.ttlMs);
    }
    const beat = await this.broker.get(key);
    const lastHeartbeatAt = beat ? ((JSON.parse(beat) as { at?: string }).at ?? null) : null;
    const failedProbes = reached ? 0 : (previous?.failedProbes ?? 0) + 1;
    const missingMeansExpired = this.beatSeen.has(target.id) || Date.now() - this.firstProbeAt >= this.options.ttlMs;
    if (beat !== null) this.beatSeen.add(target.id);
    const down = !reached && (failedProbes >= this.options.downAfter || (beat === null && missingMeansExpired));
    const state: TargetHealthState = {
      status: reached ? health.status : down ? 'down' : 'degraded',
      detail: reached || down ? health.detail : `probe failed (${failedProbes}/${this.options.downAfter}): ${health.detail}`,
      down,
      failedProbes,
      lastHeartbeatAt: lastHeartbeatAt ?? previous?.lastHeartbeatAt ?? null,
      lastProbeAt: new Date().toISOString(),
    };
    this.states.set(target.id, state);
    if ((previous?.down ?? false) !== down) {
      for (const listener of this.listeners) {
        try {
          listener(target.id, state);
        } catch (err) {
          this.log(`cluster: a target listener failed: ${(err as Error).message}`);
        }
      }
    }
  }

  private withTimeout<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.options.probeTimeoutMs} ms`)), this.options.probeTimeoutMs);
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }
}
