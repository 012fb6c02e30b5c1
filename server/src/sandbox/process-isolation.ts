/**
 * What a restricted child process can get on this machine, found by trying it once: util-linux
 * `unshare` (a new network namespace: only a loopback that is down; with a PID and mount
 * namespace too, every process of the run dies with it), `prlimit` (data size, process count,
 * CPU time, no core dumps) and `setpriv` (an unprivileged uid, no capabilities,
 * no-new-privileges). Root hubs switch to a uid of their own per run; other hubs stay their
 * own user, in a user namespace when the kernel allows one.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ProcessIsolation {
  /** `unshare` arguments (before `--`), empty when no namespace could be created. */
  unshare: string[];
  netns: boolean;
  /** PID + mount namespace: the command is PID 1 of its namespace, and its end kills the rest. */
  pidns: boolean;
  /** Without root: a user namespace, where the command looks like root but holds only the hub user's rights. */
  userns: boolean;
  prlimit: boolean;
  setpriv: boolean;
  /** Runs as another (per-run) uid: only when the hub is root and setpriv works. */
  switchesUser: boolean;
  /** Bind mounts are possible inside the namespace (`mount` exists; root of the mount namespace). */
  mounts: boolean;
  /** Why a stronger level was not available (for the log). */
  notes: string[];
}

const PID_NS = ['--pid', '--fork', '--kill-child=SIGKILL', '--mount-proc'];
/** A uid nothing else on a machine uses, for the probe. */
const PROBE_UID = 1_999_999_999;

async function works(argv: string[]): Promise<string | null> {
  try {
    await run(argv[0]!, argv.slice(1), { timeout: 10_000, env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' } });
    return null;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    return (e.stderr?.trim() || e.message).split('\n')[0]!;
  }
}

/** `setpriv` arguments for a run as `uid` (root hubs) or for the hub's own user. */
export function setprivArgs(uid: number | null, inUserNamespace: boolean): string[] {
  if (uid !== null) return ['--reuid', String(uid), '--regid', String(uid), '--clear-groups', '--no-new-privs', '--bounding-set=-all', '--inh-caps=-all'];
  // Inside a user namespace the command holds capabilities over it; drop them. Outside one there are none to drop.
  return inUserNamespace ? ['--no-new-privs', '--bounding-set=-all', '--inh-caps=-all'] : ['--no-new-privs'];
}

export async function probeProcessIsolation(isRoot = process.getuid?.() === 0): Promise<ProcessIsolation> {
  const notes: string[] = [];
  const hasTool = async (tool: string) => (await works([tool, '--version'])) === null;
  const [hasUnshare = false, prlimit = false, setpriv = false, hasMount = false] = await Promise.all(['unshare', 'prlimit', 'setpriv', 'mount'].map(hasTool));
  if (!hasUnshare) notes.push('unshare (util-linux) is not installed');
  if (!prlimit) notes.push('prlimit (util-linux) is not installed');
  if (!setpriv) notes.push('setpriv (util-linux) is not installed');
  const userPrefix = isRoot ? [] : ['--user', '--map-root-user'];
  const candidates = hasUnshare
    ? [
        { unshare: [...userPrefix, '--net', ...PID_NS], pidns: true },
        { unshare: [...userPrefix, '--net'], pidns: false },
      ]
    : [];
  let chosen: { unshare: string[]; pidns: boolean } = { unshare: [], pidns: false };
  for (const candidate of candidates) {
    const tail = setpriv ? ['setpriv', ...setprivArgs(isRoot ? PROBE_UID : null, !isRoot), '--', '/bin/sh', '-c', 'true'] : ['/bin/sh', '-c', 'true'];
    const failure = await works(['unshare', ...candidate.unshare, '--', ...tail]);
    if (failure === null) {
      chosen = candidate;
      break;
    }
    notes.push(`unshare ${candidate.unshare.join(' ')}: ${failure}`);
  }
  const userns = chosen.unshare.includes('--user');
  return {
    unshare: chosen.unshare,
    netns: chosen.unshare.includes('--net'),
    pidns: chosen.pidns,
    userns,
    prlimit,
    setpriv,
    switchesUser: isRoot && setpriv,
    mounts: chosen.pidns && hasMount,
    notes,
  };
}
