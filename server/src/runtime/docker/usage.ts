/**
 * CPU and memory of a container from the Engine's stats endpoint, read one-shot (no two-second
 * sampling wait). CPU is the share of one core used since the previous reading of the same
 * container, like the process runtime's meter; memory is what `docker stats` shows (usage
 * minus the inactive file cache).
 */
import type Docker from 'dockerode';
import { isNotFound } from './errors.js';

interface Sample {
  cpuNs: number;
  atNs: number;
}

interface StatsDoc {
  cpu_stats?: { cpu_usage?: { total_usage?: number } };
  memory_stats?: { usage?: number; stats?: Record<string, number | undefined> };
}

export function memoryWithoutCache(memory: StatsDoc['memory_stats']): number {
  const usage = memory?.usage ?? 0;
  const stats = memory?.stats ?? {};
  // cgroup v1 reports total_inactive_file, v2 inactive_file; `docker stats` subtracts either.
  const inactive = stats.total_inactive_file ?? stats.inactive_file ?? 0;
  return inactive < usage ? usage - inactive : usage;
}

export class ContainerUsageMeter {
  private readonly last = new Map<string, Sample>();

  constructor(private readonly docker: Docker) {}

  async read(containerId: string): Promise<{ cpuPercent: number | null; memoryBytes: number } | null> {
    let doc: StatsDoc;
    try {
      // `one-shot` (API 1.41) returns at once instead of waiting for a second sample.
      doc = (await this.docker.getContainer(containerId).stats({ stream: false, 'one-shot': true } as { stream: false })) as StatsDoc;
    } catch (err) {
      this.last.delete(containerId);
      if (isNotFound(err)) return null;
      throw err;
    }
    const cpuNs = doc.cpu_stats?.cpu_usage?.total_usage ?? 0;
    // This machine's monotonic clock, not the stats' `read` (zero before the first sample, and another host's clock for a remote Engine).
    const atNs = Number(process.hrtime.bigint());
    const prev = this.last.get(containerId);
    this.last.set(containerId, { cpuNs, atNs });
    const cpuPercent = prev && atNs > prev.atNs ? Math.round(((cpuNs - prev.cpuNs) / (atNs - prev.atNs)) * 1000) / 10 : null;
    return { cpuPercent: cpuPercent === null ? null : Math.max(0, cpuPercent), memoryBytes: memoryWithoutCache(doc.memory_stats) };
  }

  forget(containerId: string): void {
    this.last.delete(containerId);
  }
}
