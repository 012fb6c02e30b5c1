import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { AGENT_TYPES } from '../../../shared/index.js';

const WAITING = new Set(['ready', 'pending', 'retrying']);

/**
 * Hive's Prometheus metrics. One registry per hub (tests run several hubs in one process).
 * Gauges of state (tasks, agents) are read from the store when scraped, so they are the truth
 * of the whole cluster, not of this hub.
 */
export class HubMetrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'hive_http_request_duration_seconds',
    help: 'REST request latency by route',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly dispatchLatency = new Histogram({
    name: 'hive_task_dispatch_latency_seconds',
    help: 'From a task becoming ready to its agent starting it',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly spawnDuration = new Histogram({
    name: 'hive_agent_spawn_seconds',
    help: 'From starting an agent runtime to its worker connecting, by runtime',
    labelNames: ['runtime'],
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [this.registry],
  });
  readonly modelTokens = new Counter({
    name: 'hive_model_tokens_total',
    help: 'Model tokens used by agents',
    labelNames: ['model', 'direction'],
    registers: [this.registry],
  });
  readonly modelCost = new Counter({
    name: 'hive_model_cost_usd_total',
    help: 'Model cost in US dollars at list price',
    labelNames: ['model'],
    registers: [this.registry],
  });

  constructor(sources: {
    /** Task counts by status and agent type (null: any agent). */
    tasksByStatusAndType: () => Promise<{ status: string; type: string | null; n: number }[]>;
    agentsByStatusAndRuntime: () => Promise<{ status: string; runtime: string; n: number }[]>;
    socketClients: () => { ui: number; agents: number };
  }) {
    collectDefaultMetrics({ register: this.registry, prefix: 'hive_' });
    // Both task gauges come from one query per scrape: prom-client starts every collect() in
    // the same tick, so they share the promise in flight.
    let inFlight: ReturnType<typeof sources.tasksByStatusAndType> | null = null;
    const taskCounts = () =>
      (inFlight ??= sources.tasksByStatusAndType().finally(() => {
        inFlight = null;
      }));
    new Gauge({
      name: 'hive_tasks',
      help: 'Tasks by state',
      labelNames: ['status'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const byStatus = new Map<string, number>();
        for (const r of await taskCounts()) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + r.n);
        for (const [status, n] of byStatus) this.set({ status }, n);
      },
    });
    new Gauge({
      name: 'hive_queue_depth',
      help: 'Tasks waiting for an agent (ready, pending on dependencies, retrying), by agent type ("any": untyped tasks)',
      labelNames: ['type'],
      registers: [this.registry],
      async collect() {
        this.reset();
        // Every type's queue is reported, 0 included, so a drained queue reads 0 rather than vanishing.
        for (const type of [...AGENT_TYPES, 'any']) this.set({ type }, 0);
        for (const r of await taskCounts()) {
          if (WAITING.has(r.status)) this.inc({ type: r.type ?? 'any' }, r.n);
        }
      },
    });
    new Gauge({
      name: 'hive_agents',
      help: 'Agents by state and runtime',
      labelNames: ['status', 'runtime'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const r of await sources.agentsByStatusAndRuntime()) this.set({ status: r.status, runtime: r.runtime }, r.n);
      },
    });
    new Gauge({
      name: 'hive_socket_clients',
      help: 'Socket.IO clients connected to this hub',
      labelNames: ['namespace'],
      registers: [this.registry],
      collect() {
        const c = sources.socketClients();
        this.set({ namespace: 'ui' }, c.ui);
        this.set({ namespace: 'agents' }, c.agents);
      },
    });
  }
}
