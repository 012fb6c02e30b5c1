/**
 * REST read latency at rising request rates: GET /api/v1/agents?limit=20 on the real hub
 * (PGlite, bearer token, 50 agents stored) against a bare Hono handler answering the same
 * shape from the same process, both open-loop at fixed rates, side by side in one run.
 */
import { closedLoop, openLoop, type LoadResult } from '../lib/http-load.js';
import { startHubProcess } from '../lib/hub-process.js';
import { check, type Scenario, type SectionResult } from '../lib/scenario.js';
import { fmt, ratio, summarize } from '../lib/stats.js';

export const restScenario: Scenario = {
  id: 'rest',
  title: 'REST read latency at rising request rates',
  async run(ctx): Promise<SectionResult> {
    const rates = ctx.sizes(ctx.quick ? [200] : [250, 500, 1000, 2000]);
    const seconds = ctx.quick ? 0.5 : 4;
    const hub = await startHubProcess({ store: 'pglite', bare: true });
    try {
      for (let i = 0; i < (ctx.quick ? 5 : 50); i++) await hub.call('POST', '/agents', { name: `bench-${i}`, type: 'backend' });
      const targets = {
        bare: { url: `${hub.bareUrl}/agents`, headers: {} },
        hub: { url: `${hub.url}/api/v1/agents?limit=20`, headers: { authorization: `Bearer ${hub.tokens.viewer}` } },
      };
      const rows: (string | number)[][] = [];
      const data: Record<string, unknown>[] = [];
      // Hub-process CPU per answered request: steadier than latency when other work shares the cores.
      const measured = async (run: () => Promise<LoadResult>) => {
        const cpu0 = hub.usage().cpuSeconds;
        const r = await run();
        return { ...r, cpuMsPerRequest: r.ok ? ((hub.usage().cpuSeconds - cpu0) * 1000) / r.ok : Number.NaN };
      };
      const row = (label: string, load: string, r: LoadResult & { cpuMsPerRequest: number }, vsBare?: LoadResult) => {
        const s = summarize(r.latencies);
        const b = vsBare ? summarize(vsBare.latencies) : null;
        rows.push([label, load, Math.round(r.rps), r.errors + r.dropped, fmt(s.p50), fmt(s.p95), fmt(s.p99), b ? ratio(s.p50, b.p50) : '', b ? ratio(s.p99, b.p99) : '', fmt(r.cpuMsPerRequest)]);
        data.push({ target: label, load, rps: r.rps, ok: r.ok, errors: r.errors, errorKinds: r.errorKinds, dropped: r.dropped, cpuMsPerRequest: r.cpuMsPerRequest, ...s });
        if (r.errors) ctx.log(`rest: ${label} at ${load}: ${r.errors} errors (${r.errorKinds.join(', ')})`);
        return s;
      };

      ctx.log('rest: closed loop, 16 connections');
      const requests = ctx.quick ? 200 : 3000;
      const bareClosed = await measured(() => closedLoop(targets.bare.url, targets.bare.headers, { requests, concurrency: 16 }));
      const hubClosed = await measured(() => closedLoop(targets.hub.url, targets.hub.headers, { requests, concurrency: 16 }));
      row('bare Hono', 'closed loop ×16', bareClosed);
      row('hub', 'closed loop ×16', hubClosed, bareClosed);

      let hubAtTop: number | null = null;
      let topRps = 0;
      for (const rps of rates) {
        ctx.log(`rest: open loop at ${rps} req/s`);
        const bare = await measured(() => openLoop(targets.bare.url, targets.bare.headers, { rps, seconds }));
        const real = await measured(() => openLoop(targets.hub.url, targets.hub.headers, { rps, seconds }));
        row('bare Hono', `${rps} req/s`, bare);
        const s = row('hub', `${rps} req/s`, real, bare);
        if (rps === 2000) topRps = real.rps;
        if (rps === 2000) hubAtTop = real.errors + real.dropped > 0 ? Number.POSITIVE_INFINITY : s.p99;
      }
      return {
        id: this.id,
        title: this.title,
        notes: [
          'hub: GET /api/v1/agents?limit=20 with a viewer bearer token, PGlite store holding 50 agents; bare Hono: a handler returning an empty page from the same process.',
          `Open loop: requests leave at the stated rate for ${seconds} s whatever the answers; latency counts from when a request was due. "errors" counts failed and dropped (over 512 in flight) requests.`,
          'The load generator runs in the bench process, the hub in a child process: on 2 cores they compete for CPU.',
        ],
        tables: [{ columns: ['target', 'load', 'answered req/s', 'errors', 'p50', 'p95', 'p99', 'p50 vs bare', 'p99 vs bare', 'hub-process CPU ms/req'], rows }],
        targets: [
          hubAtTop === Number.POSITIVE_INFINITY
            ? { target: 'REST p99 at 2,000 req/s', goal: '≤ 10 ms', measured: `saturated: ${Math.round(topRps)} req/s answered`, met: false }
            : check('REST p99 at 2,000 req/s', '≤ 10 ms', hubAtTop, 'ms', (x) => x <= 10),
        ],
        data: { runs: data },
      };
    } finally {
      await hub.stop();
    }
  },
};
