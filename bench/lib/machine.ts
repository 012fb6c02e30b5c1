/** What the report says about the machine it ran on, so figures can be compared across runs. */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem, freemem, platform, release } from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  freeMemoryGiB: number;
  node: string;
  os: string;
  commit: string;
  dirty: boolean;
  /** 1-minute load average when the run started: other work on a shared machine shows here. */
  loadAverage: number;
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

export function describeMachine(): Machine {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    freeMemoryGiB: Math.round((freemem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${platform()} ${release()}`,
    commit: git(['rev-parse', '--short', 'HEAD']) || 'unknown',
    dirty: git(['status', '--porcelain', '--untracked-files=no']) !== '',
    loadAverage: Math.round(loadavg()[0]! * 100) / 100,
  };
}

export function machineLine(m: Machine): string {
  return `${m.cores} × ${m.cpu}, ${m.memoryGiB} GiB RAM (${m.freeMemoryGiB} free), Node ${m.node}, ${m.os}, commit ${m.commit}${m.dirty ? ' (uncommitted changes)' : ''}, load average ${m.loadAverage} at start`;
}
