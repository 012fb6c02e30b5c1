import { readFile } from 'node:fs/promises';

const CLOCK_TICKS_PER_SECOND = 100; // Linux USER_HZ; /proc times are in these ticks
const PAGE_SIZE = 4096;

interface Sample {
  cpuTicks: number;
  at: number;
}

/**
 * CPU and memory of worker processes from /proc. CPU is the share of one core used since
 * the previous reading of the same pid (the first reading has nothing to compare with).
 */
export class ProcessUsageMeter {
  private readonly last = new Map<number, Sample>();

  async read(pid: number): Promise<{ cpuPercent: number | null; memoryBytes: number } | null> {
    try {
      const [stat, statm] = await Promise.all([readFile(`/proc/${pid}/stat`, 'utf8'), readFile(`/proc/${pid}/statm`, 'utf8')]);
      // Fields after the command name (which may contain spaces) start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cpuTicks = Number(fields[11]) + Number(fields[12]); // utime + stime
      const memoryBytes = Number(statm.split(' ')[1]) * PAGE_SIZE; // resident pages
      const now = Date.now();
      const prev = this.last.get(pid);
      this.last.set(pid, { cpuTicks, at: now });
      const cpuPercent =
        prev && now > prev.at ? Math.round(((cpuTicks - prev.cpuTicks) / CLOCK_TICKS_PER_SECOND / ((now - prev.at) / 1000)) * 1000) / 10 : null;
      return { cpuPercent, memoryBytes };
    } catch {
      this.last.delete(pid);
      return null; // gone, or not Linux
    }
  }
}
