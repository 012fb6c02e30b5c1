/**
 * The shell script that sets up the process sandbox's mount namespace, run as root of that
 * namespace just before the command (whose privileges setpriv then drops). Read-only mounts are
 * bind mounts remounted read-only; hidden paths (the hub's data directory, say) get an empty
 * tmpfs on top. A hidden path may hold the worktree or a mount source, so when anything is
 * hidden those are first bound into a stash (a root-only directory), put back from there once
 * the tmpfs is in place, and the stash is unmounted. Every change stays in the namespace.
 */
import { posix } from 'node:path';

export interface MountPlan {
  workdir: string;
  readOnly: { source: string; target: string }[];
  hidden: string[];
  /** A root-only directory with subdirectories `w` and `0`…`n-1`; needed when `hidden` is not empty. */
  stash: string | null;
}

/** Single-quoted for sh: safe for any path. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

export function isUnder(path: string, dir: string): boolean {
  const rel = posix.relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !posix.isAbsolute(rel));
}

/** The script (ending in `exec "$@"`), or null when there is nothing to mount. */
export function mountScript(plan: MountPlan): string | null {
  if (plan.readOnly.length === 0 && plan.hidden.length === 0) return null;
  const q = shellQuote;
  const lines = ['set -e'];
  if (plan.hidden.length === 0) {
    for (const m of plan.readOnly) lines.push(`mount --bind -o ro ${q(m.source)} ${q(m.target)}`);
  } else {
    const stash = plan.stash;
    if (!stash) throw new Error('sandbox: hiding paths needs a stash directory');
    const stashed = (i: number) => posix.join(stash, String(i));
    lines.push(`mount --bind ${q(plan.workdir)} ${q(posix.join(stash, 'w'))}`);
    plan.readOnly.forEach((m, i) => lines.push(`mount --bind ${q(m.source)} ${q(stashed(i))}`));
    for (const path of plan.hidden) lines.push(`mount -t tmpfs -o size=64k,mode=755,nosuid,nodev hive-hidden ${q(path)}`);
    lines.push(`mkdir -p ${q(plan.workdir)}`, `mount --bind ${q(posix.join(stash, 'w'))} ${q(plan.workdir)}`);
    plan.readOnly.forEach((m, i) => lines.push(`[ -e ${q(m.target)} ] || mkdir -p ${q(m.target)}`, `mount --bind -o ro ${q(stashed(i))} ${q(m.target)}`));
    lines.push(`umount -l ${[posix.join(stash, 'w'), ...plan.readOnly.map((_, i) => stashed(i))].map(q).join(' ')}`);
  }
  lines.push('exec "$@"');
  return lines.join('\n');
}
