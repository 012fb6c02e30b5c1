/** Reading the end of a log and keeping it under its cap, on plain files. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { capRunningLog, openLogForWorker } from '../log-rotation.js';
import { readLastLines, readLastLinesAcross } from '../log-tail.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hive-log-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const numbered = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `line ${from + i}`);

describe('readLastLines', () => {
  it('returns [] for a missing or empty file, or zero lines', async () => {
    expect(await readLastLines(join(dir, 'missing.log'), 5)).toEqual([]);
    await writeFile(join(dir, 'empty.log'), '');
    expect(await readLastLines(join(dir, 'empty.log'), 5)).toEqual([]);
    await writeFile(join(dir, 'some.log'), 'a\nb\n');
    expect(await readLastLines(join(dir, 'some.log'), 0)).toEqual([]);
  });

  it('returns every line when asked for more than there are, with or without a final newline', async () => {
    await writeFile(join(dir, 'a.log'), 'one\ntwo\nthree\n');
    expect(await readLastLines(join(dir, 'a.log'), 10)).toEqual(['one', 'two', 'three']);
    await writeFile(join(dir, 'b.log'), 'one\r\ntwo\nunfinished');
    expect(await readLastLines(join(dir, 'b.log'), 10)).toEqual(['one', 'two', 'unfinished']);
    expect(await readLastLines(join(dir, 'b.log'), 1)).toEqual(['unfinished']);
  });

  it('reads only the end of a file much larger than one chunk, keeping whole lines and characters', async () => {
    // ~1.9 MB of lines with multi-byte characters, so chunk edges fall inside them.
    const lines = Array.from({ length: 60_000 }, (_, i) => `ligne ${i} — café ✓`);
    await writeFile(join(dir, 'big.log'), `${lines.join('\n')}\n`);
    expect(await readLastLines(join(dir, 'big.log'), 3)).toEqual(lines.slice(-3));
    expect(await readLastLines(join(dir, 'big.log'), 5_000)).toEqual(lines.slice(-5_000));
  });

  it('continues into the rotated file when the current one is short', async () => {
    await writeFile(join(dir, 'w.log.1'), `${numbered(1, 10).join('\n')}\n`);
    await writeFile(join(dir, 'w.log'), `${numbered(11, 12).join('\n')}\n`);
    expect(await readLastLinesAcross(join(dir, 'w.log.1'), join(dir, 'w.log'), 4)).toEqual(numbered(9, 12));
    expect(await readLastLinesAcross(join(dir, 'w.log.1'), join(dir, 'w.log'), 2)).toEqual(numbered(11, 12));
  });
});

describe('log rotation', () => {
  it('rotates an oversized log by renaming it before a worker starts', async () => {
    const path = join(dir, 'w.log');
    await writeFile(path, 'x'.repeat(200));
    const handle = await openLogForWorker(path, `${path}.1`, 100);
    await handle.appendFile('fresh\n');
    await handle.close();
    expect(await readFile(path, 'utf8')).toBe('fresh\n');
    expect((await readFile(`${path}.1`, 'utf8')).length).toBe(200);
  });

  it('keeps a small log as it is', async () => {
    const path = join(dir, 'w.log');
    await writeFile(path, 'small\n');
    expect(await capRunningLog(path, `${path}.1`, 100)).toBe(false);
    const handle = await openLogForWorker(path, `${path}.1`, 100);
    await handle.close();
    expect(await readFile(path, 'utf8')).toBe('small\n');
  });

  it('copies a running log aside and truncates it in place; an appending writer carries on at the start', async () => {
    const path = join(dir, 'w.log');
    const writer = await openLogForWorker(path, `${path}.1`, 100);
    await writer.appendFile(`${numbered(1, 30).join('\n')}\n`);
    expect(await capRunningLog(path, `${path}.1`, 100)).toBe(true);
    await writer.appendFile('after\n');
    await writer.close();
    expect(await readFile(path, 'utf8')).toBe('after\n');
    expect(await readLastLinesAcross(`${path}.1`, path, 2)).toEqual(['line 30', 'after']);
  });
});
