/** HIVE_SANDBOX* parsing, and the capped output every runner reports. */
import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../env.js';
import { parseSandboxEnv } from '../config.js';
import { isUnder, shellQuote } from '../mount-script.js';
import { OutputTail } from '../output-tail.js';
import { DEFAULT_SANDBOX_LIMITS } from '../port.js';

describe('parseSandboxEnv', () => {
  it('defaults to auto with the default limits', () => {
    expect(parseSandboxEnv({})).toEqual({ mode: 'auto', limits: DEFAULT_SANDBOX_LIMITS });
    expect(parseEnv({}).sandbox).toEqual({ mode: 'auto', limits: DEFAULT_SANDBOX_LIMITS });
  });

  it('reads the mode, every limit and the image; empty values count as unset', () => {
    const config = parseSandboxEnv({
      HIVE_SANDBOX: 'process',
      HIVE_SANDBOX_MEMORY_MB: '512',
      HIVE_SANDBOX_CPUS: '1.5',
      HIVE_SANDBOX_PIDS: '64',
      HIVE_SANDBOX_TIMEOUT_MS: '60000',
      HIVE_SANDBOX_IMAGE: 'my-sandbox:1',
    });
    expect(config).toEqual({ mode: 'process', limits: { memoryMb: 512, cpus: 1.5, pids: 64, timeoutMs: 60_000 }, image: 'my-sandbox:1' });
    expect(parseSandboxEnv({ HIVE_SANDBOX: '', HIVE_SANDBOX_PIDS: '' })).toEqual({ mode: 'auto', limits: DEFAULT_SANDBOX_LIMITS });
  });

  it('names every bad variable', () => {
    expect(() => parseSandboxEnv({ HIVE_SANDBOX: 'vm', HIVE_SANDBOX_TIMEOUT_MS: '10', HIVE_SANDBOX_MEMORY_MB: 'lots' })).toThrow(
      /HIVE_SANDBOX:[^\n]*\n[\s\S]*HIVE_SANDBOX_MEMORY_MB[\s\S]*HIVE_SANDBOX_TIMEOUT_MS/,
    );
    expect(() => parseEnv({ HIVE_SANDBOX_PIDS: '2' })).toThrow('HIVE_SANDBOX_PIDS');
  });
});

describe('OutputTail', () => {
  it('keeps everything under the cap', () => {
    const tail = new OutputTail(100);
    tail.push(Buffer.from('a\n'));
    tail.push(Buffer.from('b\n'));
    expect(tail.text()).toBe('a\nb\n');
    expect(tail.truncated).toBe(false);
  });

  it('keeps the last bytes from a line start and counts what it dropped', () => {
    const tail = new OutputTail(30);
    for (let i = 0; i < 10; i++) tail.push(Buffer.from(`line ${i}\n`));
    expect(tail.totalBytes).toBe(70);
    const text = tail.text();
    const [note, ...rest] = text.split('\n');
    expect(rest.join('\n')).toBe('line 6\nline 7\nline 8\nline 9\n');
    expect(note).toBe('[hive sandbox: output truncated: the first 42 of 70 bytes were dropped; the last 28 follow]');
  });

  it('cuts inside one huge chunk too', () => {
    const tail = new OutputTail(10);
    tail.push(Buffer.from(`${'x'.repeat(50)}\nend\n`));
    expect(tail.text()).toMatch(/dropped; the last 4 follow\]\nend\n$/);
  });
});

describe('mount script helpers', () => {
  it('quotes any path for sh', async () => {
    const { execFileSync } = await import('node:child_process');
    const path = `/tmp/it's a "dir" $(rm -rf /) \\`;
    expect(execFileSync('/bin/sh', ['-c', `printf '%s' ${shellQuote(path)}`], { encoding: 'utf8' })).toBe(path);
  });

  it('knows what is under a directory', () => {
    expect(isUnder('/data/worktrees/p1', '/data')).toBe(true);
    expect(isUnder('/data', '/data')).toBe(true);
    expect(isUnder('/database', '/data')).toBe(false);
    expect(isUnder('/tmp', '/data')).toBe(false);
  });
});
