import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeWorkspace, type TestWorkspace } from './workspace.js';

let ws: TestWorkspace;
beforeEach(async () => {
  ws = await makeWorkspace();
});
afterEach(async () => {
  await ws.remove();
});

/** Alive means it exists and is not a zombie waiting for a reaper that never comes (PID 1 in a container). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function eventually(condition: () => boolean, timeoutMs = 3_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return condition();
}

describe('run_command', () => {
  it('runs in the workspace and returns the exit code and combined output', async () => {
    const outcome = await ws.run('run_command', { command: 'pwd; echo out; echo err >&2' });
    expect(outcome.isError).toBe(false);
    const [status, ...lines] = outcome.output.split('\n');
    expect(status).toBe('exit code: 0');
    expect(lines[0]).toMatch(/\/workspace$/);
    expect(lines).toContain('out');
    expect(lines).toContain('err');
  });

  it('reports a failing command as an error with its exit code', async () => {
    const outcome = await ws.run('run_command', { command: 'echo broken; exit 3' });
    expect(outcome).toEqual({ output: 'exit code: 3\nbroken\n', isError: true });
  });

  it('keeps only the tail of a huge output', async () => {
    const outcome = await ws.run('run_command', { command: 'seq 1 200000; echo the-end' });
    expect(outcome.output.length).toBeLessThan(61_000);
    expect(outcome.output).toMatch(/truncated: \d+ earlier characters/);
    expect(outcome.output.trimEnd().endsWith('the-end')).toBe(true);
  });

  it('does not pass the agent token or the API key to the command', async () => {
    process.env.HIVE_AGENT_TOKEN = 'agent-secret';
    process.env.ANTHROPIC_API_KEY = 'sk-secret';
    try {
      const outcome = await ws.run('run_command', { command: 'env' });
      expect(outcome.output).not.toContain('agent-secret');
      expect(outcome.output).not.toContain('sk-secret');
      expect(outcome.output).toContain('PATH=');
    } finally {
      delete process.env.HIVE_AGENT_TOKEN;
      delete process.env.ANTHROPIC_API_KEY;
    }
  });

  it('on timeout kills the whole process group, children included', async () => {
    const started = Date.now();
    const outcome = await ws.run('run_command', { command: 'sleep 100 & echo $! > child.pid; wait', timeoutMs: 500 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(outcome.isError).toBe(true);
    expect(outcome.output).toMatch(/^timed out after 500 ms/);
    const childPid = Number((await readFile(join(ws.dir, 'child.pid'), 'utf8')).trim());
    expect(childPid).toBeGreaterThan(0);
    expect(await eventually(() => !isAlive(childPid))).toBe(true);
  });

  it('on abort kills the process group', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = Date.now();
    const outcome = await ws.run('run_command', { command: 'sleep 100 & echo $! > child.pid; wait' }, controller.signal);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(outcome).toMatchObject({ isError: true, output: expect.stringMatching(/^aborted/) });
    const childPid = Number((await readFile(join(ws.dir, 'child.pid'), 'utf8')).trim());
    expect(await eventually(() => !isAlive(childPid))).toBe(true);
  });

  it('does not let background processes outlive the command', async () => {
    const started = Date.now();
    const outcome = await ws.run('run_command', { command: 'sleep 100 & echo $! > bg.pid; echo started' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(outcome.output).toBe('exit code: 0\nstarted\n');
    const pid = Number((await readFile(join(ws.dir, 'bg.pid'), 'utf8')).trim());
    expect(await eventually(() => !isAlive(pid))).toBe(true);
  });
});
