/**
 * A second, throwaway Docker Engine for tests of several Docker hosts: its own dockerd (and
 * the containerd it manages) on its own socket, data root and exec root under one temporary
 * directory, with no bridge and no iptables rules. `crash()` takes it down the way a host
 * that loses power does — dockerd, containerd, the shims and every container process are
 * SIGKILLed, so nothing is stopped gracefully and no `die` event is sent. `cleanup()` kills
 * whatever is left, unmounts what the Engine mounted and removes the directory; it is safe
 * after crash() and safe twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { dockerReachable } from './services.js';
import { waitFor } from './wait.js';

const run = promisify(execFile);

export interface ThrowawayDockerd {
  socketPath: string;
  docker: Docker;
  dir: string;
  /** Copies an image from another Engine (docker save | docker load). */
  loadImageFrom(source: Docker, image: string): Promise<void>;
  crash(): Promise<void>;
  cleanup(): Promise<void>;
}

/** Whether this machine can run one: a dockerd binary, and root. */
export async function canRunDockerd(): Promise<boolean> {
  if (process.getuid?.() !== 0) return false;
  return run('dockerd', ['--version']).then(() => true, () => false);
}

export async function startThrowawayDockerd(): Promise<ThrowawayDockerd> {
  // Short: a unix socket path must stay under 108 bytes.
  const dir = await mkdtemp('/tmp/hive-dockerd-');
  const socketPath = join(dir, 'docker.sock');
  const execRoot = join(dir, 'exec');
  const logFd = openSync(join(dir, 'dockerd.log'), 'a');
  const child: ChildProcess = spawn(
    'dockerd',
    [
      '--host', `unix://${socketPath}`,
      '--data-root', join(dir, 'data'),
      '--exec-root', execRoot,
      '--pidfile', join(dir, 'dockerd.pid'),
      '--iptables=false',
      '--ip6tables=false',
      '--bridge=none',
    ],
    { stdio: ['ignore', logFd, logFd] },
  );
  closeSync(logFd);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const docker = new Docker({ socketPath });

  /** Every process that belongs to this Engine: dockerd, its containerd, the shims, container processes. */
  const enginePids = async (): Promise<number[]> => {
    const pids = new Set<number>();
    if (child.pid && child.exitCode === null && child.signalCode === null) pids.add(child.pid);
    for (const entry of await readdir('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
      // containerd and the shims are started with paths under our exec root.
      if (cmdline.includes(execRoot)) pids.add(Number(entry));
    }
    return [...pids];
  };
  const containerPids = async (): Promise<number[]> => {
    const list = await docker.listContainers().catch(() => []);
    const pids: number[] = [];
    for (const c of list) {
      const info = await docker.getContainer(c.Id).inspect().catch(() => null);
      if (info?.State.Pid) pids.push(info.State.Pid);
    }
    return pids;
  };
  const killAll = (pids: number[]) => {
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };

  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    killAll([...(await containerPids()), ...(await enginePids())]);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    // Overlay mounts and the netns bind mount outlive a killed Engine; deepest first.
    const mounts = (await readFile('/proc/self/mounts', 'utf8'))
      .split('\n')
      .map((line) => line.split(' ')[1] ?? '')
      .filter((m) => m.startsWith(`${dir}/`) || m === dir)
      .sort((a, b) => b.length - a.length);
    for (const mount of mounts) await run('umount', ['-l', mount]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  };

  try {
    await waitFor('the second dockerd to answer', async () => child.exitCode === null && (await dockerReachable(socketPath)), 30_000, 200);
  } catch (err) {
    await cleanup();
    throw err;
  }

  return {
    socketPath,
    docker,
    dir,
    async loadImageFrom(source, image) {
      const tar = await source.getImage(image).get();
      const reply = await docker.loadImage(tar);
      await new Promise<void>((resolve, reject) => {
        reply.on('data', () => undefined);
        reply.on('end', () => resolve());
        reply.on('error', reject);
      });
      await docker.getImage(image).inspect();
    },
    async crash() {
      // Container processes first (their pids are only known while the Engine answers).
      const pids = await containerPids();
      killAll([...pids, ...(await enginePids())]);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    },
    cleanup,
  };
}
