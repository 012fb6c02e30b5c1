import { existsSync } from 'node:fs';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeWorkspace, type TestWorkspace } from './workspace.js';

let ws: TestWorkspace;
beforeEach(async () => {
  ws = await makeWorkspace();
  await writeFile(join(ws.outside, 'secret.txt'), 'top secret\n');
});
afterEach(async () => {
  await ws.remove();
});

/** Every tool that takes a path, with an input that uses it. */
const PATH_TOOLS: Array<[tool: string, input: (path: string) => Record<string, unknown>]> = [
  ['read_file', (path) => ({ path })],
  ['write_file', (path) => ({ path, content: 'pwned' })],
  ['edit_file', (path) => ({ path, old_string: 'top', new_string: 'pwned' })],
  ['list_files', (path) => ({ path })],
  ['search_files', (path) => ({ pattern: 'secret', path })],
];

describe('workspace confinement', () => {
  describe.each(PATH_TOOLS)('%s', (tool, input) => {
    it('refuses a ../ escape', async () => {
      const outcome = await ws.run(tool, input('../outside/secret.txt'));
      expect(outcome.isError).toBe(true);
      expect(outcome.output).toMatch(/outside the workspace/);
    });

    it('refuses an absolute path', async () => {
      const outcome = await ws.run(tool, input('/etc/passwd'));
      expect(outcome.isError).toBe(true);
      expect(outcome.output).toMatch(/absolute/);
    });

    it('refuses a symlink that points out of the workspace', async () => {
      await symlink('/etc', join(ws.dir, 'etc'));
      await symlink(join(ws.outside, 'secret.txt'), join(ws.dir, 'secret-link'));
      for (const path of ['etc/passwd', 'etc', 'secret-link']) {
        const outcome = await ws.run(tool, input(path));
        expect(outcome.isError, `${tool} ${path}`).toBe(true);
        expect(outcome.output).toMatch(/symbolic link/);
      }
    });
  });

  it('never writes through an escape', async () => {
    await symlink(ws.outside, join(ws.dir, 'out'));
    await ws.run('write_file', { path: 'out/new.txt', content: 'x' });
    await ws.run('edit_file', { path: 'out/secret.txt', old_string: 'top', new_string: 'pwned' });
    await ws.run('write_file', { path: '../outside/new2.txt', content: 'x' });
    expect(existsSync(join(ws.outside, 'new.txt'))).toBe(false);
    expect(existsSync(join(ws.outside, 'new2.txt'))).toBe(false);
    expect(await readFile(join(ws.outside, 'secret.txt'), 'utf8')).toBe('top secret\n');
  });

  it('refuses to write through a dangling symlink (it would create its target)', async () => {
    await symlink(join(ws.outside, 'created-by-agent.txt'), join(ws.dir, 'dangling'));
    const outcome = await ws.run('write_file', { path: 'dangling', content: 'x' });
    expect(outcome).toMatchObject({ isError: true, output: expect.stringMatching(/symbolic link/) });
    expect(existsSync(join(ws.outside, 'created-by-agent.txt'))).toBe(false);
  });

  it('allows symlinks and .. that stay inside the workspace', async () => {
    await mkdir(join(ws.dir, 'src'));
    await writeFile(join(ws.dir, 'src/a.txt'), 'inside\n');
    await symlink('src', join(ws.dir, 'alias'));
    expect(await ws.run('read_file', { path: 'alias/a.txt' })).toEqual({ output: 'inside\n' });
    expect(await ws.run('read_file', { path: 'src/../src/a.txt' })).toEqual({ output: 'inside\n' });
  });

  it('does not follow a symlinked directory while searching or listing recursively', async () => {
    await symlink(ws.outside, join(ws.dir, 'out'));
    expect((await ws.run('search_files', { pattern: 'secret' })).output).toMatch(/^No matches/);
    expect((await ws.run('list_files', { recursive: true })).output).toBe('out@');
  });
});
