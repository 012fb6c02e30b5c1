/** A throwaway workspace directory per test, and a way to call a tool by name in it. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceTools } from '../index.js';
import type { ToolOutcome } from '../types.js';

export interface TestWorkspace {
  dir: string;
  /** A sibling directory outside the workspace, for escape attempts. */
  outside: string;
  run(tool: string, input: unknown, signal?: AbortSignal): Promise<ToolOutcome>;
  remove(): Promise<void>;
}

export async function makeWorkspace(): Promise<TestWorkspace> {
  const parent = await mkdtemp(join(tmpdir(), 'hive-tools-'));
  const dir = join(parent, 'workspace');
  const outside = join(parent, 'outside');
  const { mkdir } = await import('node:fs/promises');
  await mkdir(dir);
  await mkdir(outside);
  const tools = new Map(workspaceTools().map((t) => [t.name, t]));
  return {
    dir,
    outside,
    run(name, input, signal) {
      const tool = tools.get(name);
      if (!tool) throw new Error(`no tool ${name}`);
      return tool.run(input, { workspace: dir, signal });
    },
    remove: () => rm(parent, { recursive: true, force: true }),
  };
}
