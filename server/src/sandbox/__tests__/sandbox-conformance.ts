/**
 * One conformance suite for every SandboxRunner (docker and process run the same tests): what a
 * check command can and cannot do, asserted from the outside — exit codes, output, the timeout,
 * the worktree, the network, writes elsewhere, the process limit, memory, the environment.
 * Where the adapters differ (a read-only root), the test asserts that `isolation` says which.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SANDBOX_LIMITS, type SandboxLimits, type SandboxResult, type SandboxRunInput, type SandboxRunner } from '../port.js';

export interface SandboxFixture {
  runner: SandboxRunner;
  /** The root filesystem is read-only (Docker); the process runner cannot offer that. */
  readOnlyRoot: boolean;
}

const execFileAsync = promisify(execFile);
const LIMITS: SandboxLimits = { ...DEFAULT_SANDBOX_LIMITS, memoryMb: 512, pids: 128, timeoutMs: 30_000 };

/** Commands (not counting the timeout one) finish in a few seconds; the test timeout is far above. */
const TEST_MS = 60_000;

async function processesWithArg(marker: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.split('\0').includes(marker)) found.push(Number(entry));
  }
  return found;
}

function listen(host: string): Promise<{ server: Server; port: number; connections: () => number }> {
  let count = 0;
  const server = createServer((socket) => {
    count++;
    socket.end('hello from the host\n');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve({ server, port: (server.address() as { port: number }).port, connections: () => count }));
  });
}

/** A non-loopback IPv4 address of this machine, when it has one. */
function hostAddress(): string | null {
  for (const list of Object.values(networkInterfaces())) {
    for (const address of list ?? []) if (address.family === 'IPv4' && !address.internal) return address.address;
  }
  return null;
}

/** A node one-liner that connects to host:port and prints CONNECTED or the error code. */
const connectScript = (host: string, port: number) =>
  `node -e "const s=require('net').connect(${port},'${host}');s.setTimeout(3000,()=>{console.log('${host} TIMEOUT');process.exit(3)});s.on('connect',()=>{console.log('${host} CONNECTED');process.exit(0)});s.on('error',e=>{console.log('${host} '+e.code);process.exit(2)})"`;

export function sandboxConformance(name: string, makeFixture: () => Promise<SandboxFixture>): void {
  describe(`SandboxRunner conformance: ${name}`, () => {
    let fixture: SandboxFixture;
    let base: string;
    let workdir: string;
    const run = (command: string, more: Partial<SandboxRunInput> = {}): Promise<SandboxResult> =>
      fixture.runner.run({ workdir, command, limits: LIMITS, ...more });

    beforeEach(async () => {
      fixture = await makeFixture();
      // Searchable by others, as a real worktree directory is (mkdtemp makes 0700).
      base = await mkdtemp(join(tmpdir(), 'hive-sandbox-test-'));
      await chmod(base, 0o755);
      workdir = join(base, 'worktree');
      await mkdir(workdir);
      await writeFile(join(workdir, 'README.md'), 'a file from the repository\n');
    });

    afterEach(async () => {
      await rm(base, { recursive: true, force: true });
    });

    it('runs a passing command in the worktree and captures stdout and stderr in order', { timeout: TEST_MS }, async () => {
      const result = await run('echo first; echo second >&2; cat README.md; pwd');
      expect(result.runner).toBe(name);
      expect(result.exitCode, result.output).toBe(0);
      expect(result.timedOut).toBe(false);
      expect(result.output).toMatch(/^first\nsecond\na file from the repository\n\S+\n$/);
      expect(result.durationMs).toBeGreaterThanOrEqual(0);
      expect(result.isolation.length).toBeGreaterThan(3);
    });

    it('reports the exit code of a failing command', { timeout: TEST_MS }, async () => {
      const result = await run('echo "2 tests failed"; exit 7');
      expect(result.exitCode).toBe(7);
      expect(result.timedOut).toBe(false);
      expect(result.output).toContain('2 tests failed');
    });

    it('reports a command that kills itself with a signal as 128 + the signal', { timeout: TEST_MS }, async () => {
      const result = await run('echo before; kill -TERM $$; echo after');
      expect(result.exitCode).toBe(143);
      expect(result.timedOut).toBe(false);
      expect(result.output).toBe('before\n');
    });

    it('kills a command at the timeout, background processes included', { timeout: TEST_MS }, async () => {
      const marker = `${40 + Math.floor(Math.random() * 1000)}.${Math.floor(Math.random() * 1000)}`;
      const started = Date.now();
      const result = await run(`echo started; sleep ${marker} & sleep ${marker}`, { limits: { ...LIMITS, timeoutMs: 1500 } });
      expect(result.timedOut).toBe(true);
      expect(result.exitCode).toBeNull();
      expect(result.output).toContain('started');
      expect(result.durationMs).toBeGreaterThanOrEqual(1400);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(await processesWithArg(marker)).toEqual([]);
    });

    it('lets the command write the worktree, and the host sees the changes, owned as before', { timeout: TEST_MS }, async () => {
      const before = await stat(workdir);
      const result = await run('echo built > out.txt && mkdir -p dist/js && echo "x" > dist/js/app.js && echo more >> README.md');
      expect(result.exitCode, result.output).toBe(0);
      expect(await readFile(join(workdir, 'out.txt'), 'utf8')).toBe('built\n');
      expect(await readFile(join(workdir, 'dist/js/app.js'), 'utf8')).toBe('x\n');
      expect(await readFile(join(workdir, 'README.md'), 'utf8')).toBe('a file from the repository\nmore\n');
      for (const path of [workdir, join(workdir, 'out.txt'), join(workdir, 'dist/js/app.js'), join(workdir, 'README.md')]) {
        const info = await stat(path);
        expect({ path, uid: info.uid, gid: info.gid }).toEqual({ path, uid: before.uid, gid: before.gid });
      }
    });

    it('has no network: a port the host listens on cannot be reached', { timeout: TEST_MS }, async () => {
      const listener = await listen('0.0.0.0');
      try {
        const external = hostAddress();
        const targets = ['127.0.0.1', ...(external ? [external] : [])];
        const result = await run(targets.map((host) => `${connectScript(host, listener.port)}; `).join('') + 'true');
        expect(result.exitCode, result.output).toBe(0);
        for (const host of targets) expect(result.output).toMatch(new RegExp(`${host.replaceAll('.', '\\.')} (ECONNREFUSED|ENETUNREACH|EHOSTUNREACH|TIMEOUT)`));
        expect(result.output).not.toContain('CONNECTED');
        expect(listener.connections()).toBe(0);
        expect(result.isolation.some((words) => words.startsWith('no network'))).toBe(true);
      } finally {
        listener.server.close();
      }
    });

    it('cannot write outside the worktree (and says whether the root is read-only)', { timeout: TEST_MS }, async () => {
      const outside = join(base, `outside-${randomUUID()}`);
      const result = await run(`touch /etc/hive-sandbox-probe; touch ${outside}; touch /hive-sandbox-probe; echo done`);
      expect(result.output).toContain('done');
      expect(result.output).toMatch(/etc\/hive-sandbox-probe.*(Read-only file system|Permission denied)/);
      expect(await stat('/etc/hive-sandbox-probe').catch(() => null)).toBeNull();
      expect(await stat(outside).catch(() => null)).toBeNull();
      expect(await stat('/hive-sandbox-probe').catch(() => null)).toBeNull();
      if (fixture.readOnlyRoot) {
        expect(result.output).toMatch(/hive-sandbox-probe.*Read-only file system/);
        expect(result.isolation.some((words) => words.startsWith('read-only root'))).toBe(true);
      } else {
        expect(result.isolation.some((words) => words.includes('NOT read-only'))).toBe(true);
      }
    });

    it('runs as an unprivileged user without capabilities', { timeout: TEST_MS }, async () => {
      const result = await run('id -u; grep -E "^Cap(Eff|Prm|Bnd)" /proc/self/status');
      expect(result.exitCode, result.output).toBe(0);
      const [uid] = result.output.split('\n');
      if (process.getuid?.() === 0) expect(uid).not.toBe('0');
      for (const line of result.output.split('\n').filter((l) => l.startsWith('Cap'))) expect(line).toMatch(/:\s+0{16}$/);
    });

    it('stops a fork bomb at the process limit', { timeout: TEST_MS }, async () => {
      const result = await run('i=0; while [ $i -lt 300 ]; do sleep 3 & i=$((i+1)); done; echo "started all $i"', {
        limits: { ...LIMITS, pids: 32, timeoutMs: 20_000 },
      });
      expect(result.timedOut).toBe(false);
      expect(result.output).not.toContain('started all 300');
      expect(result.output).toMatch(/fork|Resource temporarily unavailable/i);
    });

    it('stops a command that allocates past the memory limit', { timeout: TEST_MS }, async () => {
      const result = await run(`node -e "const a=[];for(let i=0;i<2048;i++)a.push(Buffer.alloc(1<<20,1));console.log('allocated 2 GiB')"`, {
        limits: { ...LIMITS, memoryMb: 256 },
      });
      expect(result.timedOut).toBe(false);
      expect(result.exitCode).not.toBe(0);
      expect(result.output).not.toContain('allocated 2 GiB');
    });

    it('gives the command only the variables it was given, none of the hub', { timeout: TEST_MS }, async () => {
      const secret = `hub-secret-${randomUUID()}`;
      process.env.HIVE_SANDBOX_TEST_SECRET = secret;
      process.env.DATABASE_URL_SANDBOX_TEST = `postgres://hive:${secret}@db/hive`;
      try {
        const result = await run('env; echo "given=$GIVEN"', { env: { GIVEN: 'yes' } });
        expect(result.exitCode, result.output).toBe(0);
        expect(result.output).toContain('given=yes');
        expect(result.output).not.toContain(secret);
        expect(result.output).not.toContain('HIVE_SANDBOX_TEST_SECRET');
        for (const name of ['DATABASE_URL', 'REDIS_URL', 'ANTHROPIC_API_KEY', 'HIVE_ADMIN_PASSWORD']) expect(result.output).not.toContain(`${name}=`);
      } finally {
        delete process.env.HIVE_SANDBOX_TEST_SECRET;
        delete process.env.DATABASE_URL_SANDBOX_TEST;
      }
    });

    it('mounts read-only paths into the worktree and leaves no mount point behind', { timeout: TEST_MS }, async () => {
      const deps = join(base, 'deps');
      await mkdir(join(deps, 'left-pad'), { recursive: true });
      await writeFile(join(deps, 'left-pad', 'index.js'), "module.exports = (s) => '  ' + s;\n");
      const result = await run(`node -e "console.log('[' + require('left-pad')('x') + ']')"; touch node_modules/new-file && echo WROTE`, {
        readOnlyMounts: [{ hostPath: deps, sandboxPath: '/workspace/node_modules' }],
      });
      expect(result.output).toContain('[  x]');
      expect(result.output).not.toContain('WROTE');
      expect(await readdir(deps)).toEqual(['left-pad']);
      expect(await readdir(workdir)).toEqual(['README.md']);
      expect(result.isolation.some((words) => words.includes(deps))).toBe(true);
    });

    it('runs git in a worktree whose repository (mounted read-only) belongs to the hub', { timeout: TEST_MS }, async () => {
      const repo = join(base, 'repo');
      const tree = join(base, 'proposal-tree');
      const git = (cwd: string, ...args: string[]) => execFileAsync('git', ['-c', 'user.email=hub@hive.invalid', '-c', 'user.name=hub', ...args], { cwd });
      await mkdir(repo);
      await git(repo, 'init', '-q');
      await writeFile(join(repo, 'a.txt'), 'one\n');
      await git(repo, 'add', 'a.txt');
      await git(repo, 'commit', '-qm', 'init');
      await git(repo, 'worktree', 'add', '-q', tree);
      const gitDir = join(repo, '.git');
      const result = await fixture.runner.run({
        workdir: tree,
        command: 'echo two >> a.txt && git status --short && git diff --stat',
        limits: LIMITS,
        readOnlyMounts: [{ hostPath: gitDir, sandboxPath: gitDir }],
      });
      expect(result.exitCode, result.output).toBe(0);
      expect(result.output).toContain(' M a.txt');
      expect(result.output).toContain('1 file changed, 1 insertion(+)');
      expect((await git(tree, 'status', '--short')).stdout).toBe(' M a.txt\n');
    });

    it('keeps the last 256 KiB of a long output and says what it dropped', { timeout: TEST_MS }, async () => {
      const result = await run(`node -e "for(let i=0;i<20000;i++)console.log('line '+i+' '+'x'.repeat(40))"`);
      expect(result.exitCode, result.output).toBe(0);
      expect(result.outputBytes).toBeGreaterThan(900_000);
      expect(Buffer.byteLength(result.output)).toBeLessThanOrEqual(256 * 1024 + 200);
      expect(result.output).toMatch(/^\[hive sandbox: output truncated: the first \d+ of \d+ bytes were dropped/);
      expect(result.output).toContain(`line 19999 ${'x'.repeat(40)}\n`);
      expect(result.output).not.toContain('line 0 ');
    });
  });
}
