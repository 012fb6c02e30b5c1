/**
 * HTTP load generators over node:http keep-alive connections (cheaper per request than fetch,
 * so the generator is less of the bottleneck on a small machine).
 *
 * - closedLoop: N connections each sending its next request when the last one answered
 *   (measures the best throughput; latency under it is flattering).
 * - openLoop: requests leave at a fixed rate whether or not earlier ones answered, and each
 *   latency counts from when its request was due, so a stalled server or generator shows up in
 *   the percentiles instead of silently slowing the load (no coordinated omission).
 */
import { Agent, request } from 'node:http';

export interface LoadResult {
  sent: number;
  ok: number;
  errors: number;
  /** Requests not sent because maxInFlight were already waiting (open loop only). */
  dropped: number;
  seconds: number;
  /** Answered requests per second. */
  rps: number;
  latencies: number[];
  /** Up to 5 distinct reasons for errors (HTTP status or socket error), for diagnosis. */
  errorKinds: string[];
}

/** Resolves with the HTTP status, or the socket error's code. */
function get(agent: Agent, url: URL, headers: Record<string, string>): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request(url, { agent, headers, method: 'GET' }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    req.end();
  });
}

function errorKind(kinds: string[], status: number | string): void {
  const kind = typeof status === 'number' ? `HTTP ${status}` : status;
  if (kinds.length < 5 && !kinds.includes(kind)) kinds.push(kind);
}

export async function closedLoop(target: string, headers: Record<string, string>, opts: { requests: number; concurrency: number; warmup?: number }): Promise<LoadResult> {
  const url = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: opts.concurrency });
  try {
    for (let i = 0; i < (opts.warmup ?? 100); i++) await get(agent, url, headers);
    const latencies: number[] = [];
    const errorKinds: string[] = [];
    let next = 0;
    let errors = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: opts.concurrency }, async () => {
        while (next++ < opts.requests) {
          const t0 = performance.now();
          const status = await get(agent, url, headers);
          if (status === 200) latencies.push(performance.now() - t0);
          else {
            errors++;
            errorKind(errorKinds, status);
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    return { sent: opts.requests, ok: latencies.length, errors, dropped: 0, seconds, rps: latencies.length / seconds, latencies, errorKinds };
  } finally {
    agent.destroy();
  }
}

export async function openLoop(
  target: string,
  headers: Record<string, string>,
  opts: { rps: number; seconds: number; maxInFlight?: number },
): Promise<LoadResult> {
  const url = new URL(target);
  const maxInFlight = opts.maxInFlight ?? 512;
  const agent = new Agent({ keepAlive: true, maxSockets: maxInFlight });
  try {
    // Open the connections first, so the measured part does not pay for TCP handshakes.
    await Promise.all(Array.from({ length: Math.min(64, maxInFlight) }, () => get(agent, url, headers)));
    const total = Math.round(opts.rps * opts.seconds);
    const interval = 1000 / opts.rps;
    const latencies: number[] = [];
    const errorKinds: string[] = [];
    const pending = new Set<Promise<void>>();
    let errors = 0;
    let dropped = 0;
    let i = 0;
    const started = performance.now();
    while (i < total) {
      const now = performance.now();
      while (i < total && started + i * interval <= now) {
        const due = started + i * interval;
        i++;
        if (pending.size >= maxInFlight) {
          dropped++;
          continue;
        }
        const p = get(agent, url, headers).then((status) => {
          if (status === 200) latencies.push(performance.now() - due);
          else {
            errors++;
            errorKind(errorKinds, status);
          }
          pending.delete(p);
        });
        pending.add(p);
      }
      await new Promise((r) => setTimeout(r, Math.max(0, Math.min(2, started + i * interval - performance.now()))));
    }
    await Promise.all(pending);
    const seconds = (performance.now() - started) / 1000;
    return { sent: total - dropped, ok: latencies.length, errors, dropped, seconds, rps: latencies.length / seconds, latencies, errorKinds };
  } finally {
    agent.destroy();
  }
}
