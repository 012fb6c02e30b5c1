/**
 * The sandbox conformance suite on the process runner, plus what only it does: probing the
 * machine, a uid of its own per run, refusing a worktree its user cannot reach.
 */
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SANDBOX_LIMITS } from '../port.js';
import { ProcessSandboxRunner, SANDBOX_UID_BASE } from '../process-runner.js';
import { sandboxConformance } from './sandbox-conformance.js';

const runner = new ProcessSandboxRunner();
sandboxConformance('process', async () => ({ runner, readOnlyRoot: false }));

const isRoot = process.getuid?.() === 0;

describe('ProcessSandboxRunner', () => {
  it('finds the namespaces and limits this machine offers', async () => {
    const iso = await runner.isolation();
    // These machines have util-linux and run the tests as root: everything but a read-only root.
    expect(iso).toMatchObject({ netns: true, pidns: true, prlimit: true, setpriv: true, switchesUser: isRoot, mounts: true });
  });

  it.runIf(isRoot)('runs every command as a uid of its own', async () => {
    const base = await mkdtemp(join(tmpdir(), 'hive-sandbox-uid-'));
    try {
      await chmod(base, 0o755);
      const workdir = join(base, 'wt');
      await mkdir(workdir);
      const uids = new Set<number>();
      for (let i = 0; i < 3; i++) {
        const result = await runner.run({ workdir, command: 'id -u', limits: DEFAULT_SANDBOX_LIMITS });
        const uid = Number(result.output.trim());
        expect(uid).toBeGreaterThanOrEqual(SANDBOX_UID_BASE);
        expect(result.isolation).toContain(`user ${uid}:${uid}, a uid of its own for this run (not root; the worktree is lent to it)`);
        uids.add(uid);
      }
      expect(uids.size).toBe(3);
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });

  it.runIf(isRoot)('refuses a worktree the sandbox user cannot reach, naming the directory', async () => {
    const base = await mkdtemp(join(tmpdir(), 'hive-sandbox-private-'));
    try {
      const workdir = join(base, 'wt');
      await mkdir(workdir);
      await expect(runner.run({ workdir, command: 'true', limits: DEFAULT_SANDBOX_LIMITS })).rejects.toThrow(`${base} is not searchable by others`);
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });

  it('hides the hub data directory, even when the worktree and a mount source live inside it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'hive-sandbox-data-'));
    try {
      await chmod(dataDir, 0o755);
      await writeFile(join(dataDir, 'secret.db'), 'password hashes');
      const workdir = join(dataDir, 'worktrees', 'p1');
      const deps = join(dataDir, 'repos', 'hive', 'node_modules');
      await mkdir(workdir, { recursive: true });
      await mkdir(join(deps, 'dep'), { recursive: true });
      await writeFile(join(deps, 'dep', 'index.js'), "module.exports = 'dep loaded';\n");
      const hiding = new ProcessSandboxRunner({ hiddenPaths: [dataDir, '/nonexistent-hive-dir'] });
      const result = await hiding.run({
        workdir,
        command: `cat ${dataDir}/secret.db; ls ${dataDir} | sed 's/^/listing: /'; node -e "console.log(require('dep'))"; echo built > out.txt && echo wrote`,
        limits: DEFAULT_SANDBOX_LIMITS,
        readOnlyMounts: [{ hostPath: deps, sandboxPath: '/workspace/node_modules' }],
      });
      expect(result.output).toContain('No such file or directory');
      expect(result.output).not.toContain('password hashes');
      expect(result.output).toContain('listing: worktrees');
      expect(result.output).not.toContain('listing: secret.db');
      expect(result.output).toContain('dep loaded');
      expect(result.output).toContain('wrote');
      expect(await readFile(join(workdir, 'out.txt'), 'utf8')).toBe('built\n');
      expect(result.isolation).toContain(`hidden behind an empty tmpfs: ${dataDir}`);
      expect(await readFile(join(dataDir, 'secret.db'), 'utf8')).toBe('password hashes');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses bad input before running anything', async () => {
    const limits = DEFAULT_SANDBOX_LIMITS;
    await expect(runner.run({ workdir: 'relative/path', command: 'true', limits })).rejects.toThrow('workdir must be an absolute path');
    await expect(runner.run({ workdir: '/nonexistent-hive', command: 'true', limits })).rejects.toThrow('is not a directory');
    await expect(runner.run({ workdir: tmpdir(), command: '  ', limits })).rejects.toThrow('command is empty');
    await expect(runner.run({ workdir: tmpdir(), command: 'true', limits: { ...limits, pids: 0 } })).rejects.toThrow('limits.pids');
    await expect(runner.run({ workdir: tmpdir(), command: 'true', limits, env: { 'A=B': 'x' } })).rejects.toThrow('env name');
  });
});
