import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAgentWorker, killWorker } from '../worker-pids.js';

describe('worker pids', () => {
  it('recognises (and kills) a worker started from the bundle, and nothing else', async () => {
    // The layout the process runtime uses: <dataDir>/agents/bundle/agent-<hash>/main.mjs.
    const dir = join(mkdtempSync(join(tmpdir(), 'hive-worker-pids-')), 'agents', 'bundle', 'agent-0123456789abcdef');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'main.mjs'), 'setInterval(() => {}, 1000);');
    const worker = spawn(process.execPath, [join(dir, 'main.mjs')], { stdio: 'ignore' });
    const exited = new Promise((resolve) => worker.once('exit', (_code, signal) => resolve(signal)));
    await new Promise((r) => setTimeout(r, 200));
    expect(isAgentWorker(worker.pid!)).toBe(true);
    expect(isAgentWorker(process.pid)).toBe(false);
    expect(killWorker(process.pid)).toBe(false);
    expect(killWorker(worker.pid!)).toBe(true);
    expect(await exited).toBe('SIGKILL');
  });
});
