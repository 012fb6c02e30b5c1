import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { globMatcher } from '../glob.js';
import { workspaceTools } from '../index.js';
import { makeWorkspace, type TestWorkspace } from './workspace.js';

let ws: TestWorkspace;
beforeEach(async () => {
  ws = await makeWorkspace();
});
afterEach(async () => {
  await ws.remove();
});

describe('tool definitions', () => {
  it('offer the nine workspace tools with object JSON schemas derived from zod', () => {
    const tools = workspaceTools();
    expect(tools.map((t) => t.name)).toEqual([
      'read_file', 'write_file', 'edit_file', 'list_files', 'search_files', 'run_command', 'git_status', 'git_diff', 'git_commit',
    ]);
    for (const tool of tools) {
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.inputSchema).not.toHaveProperty('$schema');
      expect(tool.description.length).toBeGreaterThan(20);
    }
    const edit = tools.find((t) => t.name === 'edit_file')!.inputSchema;
    expect(edit.required).toEqual(['path', 'old_string', 'new_string']);
  });

  it('reject invalid input with an isError result naming the field', async () => {
    const outcome = await ws.run('read_file', { path: 42 });
    expect(outcome.isError).toBe(true);
    expect(outcome.output).toMatch(/path/);
    expect((await ws.run('run_command', { command: 'true', timeoutMs: 11 * 60_000 })).isError).toBe(true);
  });
});

describe('write_file and read_file', () => {
  it('create parent directories and read the file back exactly', async () => {
    const written = await ws.run('write_file', { path: 'src/deep/a.txt', content: 'one\ntwo\n' });
    expect(written).toEqual({ output: 'Created src/deep/a.txt (8 bytes)' });
    expect(await readFile(join(ws.dir, 'src/deep/a.txt'), 'utf8')).toBe('one\ntwo\n');
    expect(await ws.run('read_file', { path: 'src/deep/a.txt' })).toEqual({ output: 'one\ntwo\n' });
    expect((await ws.run('write_file', { path: 'src/deep/a.txt', content: 'x' })).output).toMatch(/^Overwrote/);
  });

  it('read a window of lines with offset and limit', async () => {
    await writeFile(join(ws.dir, 'lines.txt'), Array.from({ length: 10 }, (_, i) => `line ${i + 1}`).join('\n'));
    const { output } = await ws.run('read_file', { path: 'lines.txt', offset: 3, limit: 2 });
    expect(output).toBe('line 3\nline 4\n[lines 3-4 of 10; continue with offset 5]');
  });

  it('cap a long file and say how to read the rest', async () => {
    await writeFile(join(ws.dir, 'big.txt'), 'x'.repeat(100) + '\n' + 'y'.repeat(70_000));
    const { output } = await ws.run('read_file', { path: 'big.txt' });
    expect(output.length).toBeLessThan(61_000);
    expect(output).toMatch(/truncated/);
  });

  it('refuse directories, binaries and missing files', async () => {
    await mkdir(join(ws.dir, 'dir'));
    await writeFile(join(ws.dir, 'bin'), Buffer.from([0, 1, 2, 3]));
    expect(await ws.run('read_file', { path: 'dir' })).toMatchObject({ isError: true, output: expect.stringMatching(/directory/) });
    expect(await ws.run('read_file', { path: 'bin' })).toMatchObject({ isError: true, output: expect.stringMatching(/binary/) });
    expect(await ws.run('read_file', { path: 'nope' })).toMatchObject({ isError: true, output: 'No such file: nope' });
    expect(await ws.run('write_file', { path: 'dir', content: 'x' })).toMatchObject({ isError: true });
  });
});

describe('edit_file', () => {
  beforeEach(async () => {
    await writeFile(join(ws.dir, 'a.ts'), 'const a = 1;\nconst b = 1;\n');
  });

  it('replaces one exact match', async () => {
    expect(await ws.run('edit_file', { path: 'a.ts', old_string: 'a = 1', new_string: 'a = $& 2' })).toEqual({ output: 'Replaced 1 occurrence in a.ts' });
    expect(await readFile(join(ws.dir, 'a.ts'), 'utf8')).toBe('const a = $& 2;\nconst b = 1;\n');
  });

  it('refuses an ambiguous or missing match, and replaces all when asked', async () => {
    expect(await ws.run('edit_file', { path: 'a.ts', old_string: '= 1', new_string: '= 2' })).toMatchObject({ isError: true, output: expect.stringMatching(/2 times/) });
    expect(await ws.run('edit_file', { path: 'a.ts', old_string: 'zzz', new_string: 'y' })).toMatchObject({ isError: true, output: expect.stringMatching(/not found/) });
    expect(await ws.run('edit_file', { path: 'a.ts', old_string: '= 1', new_string: '= 2', replace_all: true })).toEqual({ output: 'Replaced 2 occurrences in a.ts' });
    expect(await readFile(join(ws.dir, 'a.ts'), 'utf8')).toBe('const a = 2;\nconst b = 2;\n');
  });
});

describe('list_files', () => {
  beforeEach(async () => {
    await mkdir(join(ws.dir, 'src/lib'), { recursive: true });
    await mkdir(join(ws.dir, 'node_modules/pkg'), { recursive: true });
    await mkdir(join(ws.dir, '.git'));
    await writeFile(join(ws.dir, 'src/lib/b.ts'), '');
    await writeFile(join(ws.dir, 'src/a.ts'), '');
    await writeFile(join(ws.dir, 'node_modules/pkg/index.js'), '');
    await writeFile(join(ws.dir, 'README.md'), '');
    await symlink('src/a.ts', join(ws.dir, 'link.ts'));
  });

  it('lists one level, marking directories and symlinks, hiding .git', async () => {
    expect((await ws.run('list_files', {})).output).toBe('README.md\nlink.ts@\nnode_modules/ (not listed)\nsrc/');
  });

  it('lists recursively without entering node_modules', async () => {
    expect((await ws.run('list_files', { recursive: true })).output).toBe(
      'README.md\nlink.ts@\nnode_modules/ (not listed)\nsrc/\nsrc/a.ts\nsrc/lib/\nsrc/lib/b.ts',
    );
    expect((await ws.run('list_files', { path: 'src/lib' })).output).toBe('src/lib/b.ts');
  });
});

describe('search_files', () => {
  beforeEach(async () => {
    await mkdir(join(ws.dir, 'src'), { recursive: true });
    await mkdir(join(ws.dir, 'node_modules'), { recursive: true });
    await writeFile(join(ws.dir, 'src/a.ts'), 'export function login() {}\n// TODO(ana): fix\n');
    await writeFile(join(ws.dir, 'src/b.md'), 'login docs\n');
    await writeFile(join(ws.dir, 'node_modules/x.js'), 'login()\n');
  });

  it('finds regex matches with path and line number, skipping node_modules', async () => {
    expect((await ws.run('search_files', { pattern: 'log[a-z]+' })).output).toBe('src/a.ts:1: export function login() {}\nsrc/b.md:1: login docs');
  });

  it('takes an invalid regex literally, and filters by glob', async () => {
    expect((await ws.run('search_files', { pattern: 'TODO(' })).output).toBe('src/a.ts:2: // TODO(ana): fix');
    expect((await ws.run('search_files', { pattern: 'login', glob: '*.md' })).output).toBe('src/b.md:1: login docs');
    expect((await ws.run('search_files', { pattern: 'nothing-here' })).output).toMatch(/^No matches/);
  });

  it('caps the number of matches', async () => {
    await writeFile(join(ws.dir, 'many.txt'), 'hit\n'.repeat(500));
    const { output } = await ws.run('search_files', { pattern: 'hit', path: 'many.txt' });
    expect(output.split('\n')).toHaveLength(201);
    expect(output).toMatch(/stopped after 200 matches/);
  });
});

describe('globMatcher', () => {
  it('matches names without a slash anywhere, paths with one from the root', () => {
    expect(globMatcher('*.ts')('src/deep/a.ts')).toBe(true);
    expect(globMatcher('*.ts')('src/a.tsx')).toBe(false);
    expect(globMatcher('src/**/*.test.ts')('src/a/b/c.test.ts')).toBe(true);
    expect(globMatcher('src/**/*.test.ts')('src/c.test.ts')).toBe(true);
    expect(globMatcher('src/*.ts')('src/a/b.ts')).toBe(false);
    expect(globMatcher('*.{ts,md}')('x.md')).toBe(true);
    expect(globMatcher('file?.[ch]')('file1.c')).toBe(true);
  });
});
