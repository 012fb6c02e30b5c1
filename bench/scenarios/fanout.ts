/**
 * Socket.IO fan-out: one domain event (a task created over REST) reaching N dashboard clients
 * connected to the hub's /ui namespace and subscribed to `fleet`. Latency per client is from
 * the event's commit timestamp (its createdAt, hub clock) to its arrival at that client; it
 * includes the hub's 25 ms batching window, by design.
 */
import type { Socket } from 'socket.io-client';
import { startHubProcess } from '../lib/hub-process.js';
import { check, type Scenario, type SectionResult, type TargetCheck } from '../lib/scenario.js';
import { fmt, summarize, type Summary } from '../lib/stats.js';
import { connectUi, onUiEvents } from '../lib/ui-client.js';

interface FanoutRun {
  clients: number;
  connectSeconds: number;
  events: number;
  latency: Summary;
  /** Deliveries that never arrived (clients × events − received). */
  missing: number;
  hubRssMiB: number;
}

export const fanoutScenario: Scenario = {
  id: 'fanout',
  title: 'Socket.IO fan-out to dashboard clients',
  async run(ctx): Promise<SectionResult> {
    const sizes = ctx.sizes(ctx.quick ? [10] : [100, 1000]);
    const events = ctx.quick ? 3 : 20;
    const hub = await startHubProcess({ store: 'pglite' });
    const runs: FanoutRun[] = [];
    const sockets: Socket[] = [];
    try {
      for (const size of sizes) {
        ctx.log(`fanout: connecting ${size - sockets.length} more clients`);
        const t0 = Date.now();
        const latencies: number[] = [];
        const wanted = new Set<string>();
        const track = (s: Socket) =>
          onUiEvents(s, (e, at) => {
            if (wanted.has(e.subject)) latencies.push(at - Date.parse(e.createdAt));
          });
        while (sockets.length < size) {
          const batch = await Promise.all(Array.from({ length: Math.min(50, size - sockets.length) }, () => connectUi(hub.url, hub.tokens.viewer)));
          sockets.push(...batch);
        }
        const connectSeconds = (Date.now() - t0) / 1000;
        sockets.forEach((s) => s.removeAllListeners('ui:events'));
        sockets.forEach(track);
        ctx.log(`fanout: ${events} events to ${size} clients`);
        for (let i = 0; i < events; i++) {
          const task = await hub.call<{ id: string }>('POST', '/tasks', { title: `fan-out ${size} #${i}` });
          wanted.add(`task:${task.id}`);
          // Space the events out so each is measured on its own, not queued behind the last.
          await new Promise((r) => setTimeout(r, 150));
        }
        const deadline = Date.now() + 10_000;
        while (latencies.length < size * events && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        runs.push({ clients: size, connectSeconds, events, latency: summarize(latencies), missing: size * events - latencies.length, hubRssMiB: hub.usage().rssMiB });
      }
    } finally {
      for (const s of sockets) s.close();
      await hub.stop();
    }
    const at1000 = runs.find((r) => r.clients === 1000);
    const targets: TargetCheck[] = [
      at1000 && at1000.missing > 0
        ? { target: 'fan-out p99 to 1,000 clients', goal: '≤ 100 ms', measured: `${at1000.missing} deliveries missing`, met: false }
        : check('fan-out p99 to 1,000 clients', '≤ 100 ms', at1000 ? at1000.latency.p99 : null, 'ms', (x) => x <= 100),
    ];
    return {
      id: this.id,
      title: this.title,
      notes: [
        `Each of ${events} task.created events (one every ~150 ms) to N clients of /ui subscribed to \`fleet\`, token-authenticated. Latency: event createdAt → arrival at the client, so it includes the 25 ms batching window.`,
        'All clients live in the bench process, so at 1,000 the client side (one event loop decoding 1,000 frames) is part of the measured delay.',
      ],
      tables: [
        {
          columns: ['clients', 'connect s', 'deliveries', 'missing', 'p50', 'p95', 'p99', 'max', 'hub RSS MiB'],
          rows: runs.map((r) => [r.clients, fmt(r.connectSeconds, 1), r.latency.n, r.missing, fmt(r.latency.p50), fmt(r.latency.p95), fmt(r.latency.p99), fmt(r.latency.max), r.hubRssMiB]),
        },
      ],
      targets,
      data: { runs },
    };
  },
};
