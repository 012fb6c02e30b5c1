/**
 * Is a recorded worker still that very process? A pid alone is not proof: pids are reused
 * (pid_max is often 32768), and every Hive worker has the same command line. So a live pid
 * counts only when its start time (from /proc/<pid>/stat) and its command line (a fingerprint
 * of /proc/<pid>/cmdline) both match what was recorded at spawn.
 *
 * Without procfs (macOS), only `kill(pid, 0)` is available, and adoption trusts the pid.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fingerprintArgv } from './agent-command.js';

const HAS_PROCFS = existsSync('/proc/self/stat');

export interface ProcessIdentity {
  pid: number;
  commandFingerprint: string;
  /** Start time in clock ticks after boot; null when procfs is unavailable or the process was already gone. */
  procStartTicks: number | null;
}

interface ProcStat {
  state: string;
  startTicks: number;
}

/** Fields of /proc/<pid>/stat after the command name, which may itself contain spaces and parentheses. */
async function readProcStat(pid: number): Promise<ProcStat | null> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (text === null) return null;
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 of proc(5) (state); starttime is field 22.
  const startTicks = Number(fields[19]);
  if (!fields[0] || !Number.isFinite(startTicks)) return null;
  return { state: fields[0], startTicks };
}

async function readCmdline(pid: number): Promise<string[] | null> {
  const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => null);
  if (raw === null || raw === '') return null;
  return raw.replace(/\0$/, '').split('\0');
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    // ESRCH: gone. EPERM: the pid exists but belongs to another user, so it is not our worker.
    return false;
  }
}

/** The start time of a process we just spawned, to record beside its pid. */
export async function processStartTicks(pid: number): Promise<number | null> {
  if (!HAS_PROCFS) return null;
  return (await readProcStat(pid))?.startTicks ?? null;
}

export async function isSameProcessAlive(identity: ProcessIdentity): Promise<boolean> {
  if (!pidExists(identity.pid)) return false;
  if (!HAS_PROCFS) return true;
  const stat = await readProcStat(identity.pid);
  // A zombie has exited; only its parent has not collected the exit status yet.
  if (!stat || stat.state === 'Z' || stat.state === 'X') return false;
  if (identity.procStartTicks !== null && stat.startTicks !== identity.procStartTicks) return false;
  const argv = await readCmdline(identity.pid);
  return argv !== null && fingerprintArgv(argv) === identity.commandFingerprint;
}

/**
 * Signals the worker's whole process group (workers are spawned detached, as group leaders),
 * so the commands an agent runs go down with it. False when the group no longer exists.
 */
export function signalProcessGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}
