/**
 * A grep over the workspace in plain Node: no ripgrep in the agent image to depend on,
 * and workspaces are small enough that a sequential scan is fast.
 */
import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { globMatcher } from './glob.js';
import { walk, type WalkEntry } from './walk.js';
import { resolveInWorkspace, type ResolvedPath } from './workspace-path.js';

const MAX_MATCHES = 200;
const MAX_FILE_BYTES = 2 * 1024 * 1024;
const MAX_LINE_CHARS = 300;
/** Longer lines (minified bundles) are skipped: a pathological regex on them could hang the worker. */
const MAX_SCANNED_LINE_CHARS = 10_000;

export const searchFilesTool = defineTool({
  name: 'search_files',
  description:
    'Search file contents in the workspace, line by line. pattern is a JavaScript regular expression (taken literally if it is not a valid one). Prints path:line: text for each match. Skips .git, node_modules, binary and very large files.',
  input: z.object({
    pattern: z.string().min(1).describe('Regular expression or literal text'),
    path: z.string().default('.').describe('File or directory to search, relative to the workspace root'),
    glob: z.string().optional().describe('Only files matching this glob, e.g. "*.ts" or "src/**/*.test.ts"'),
  }),
  async run({ pattern, path, glob }, { workspace, signal }) {
    const matcher = compile(pattern);
    const target = await resolveInWorkspace(workspace, path);
    const accepts = glob ? globMatcher(glob) : () => true;
    const matches: string[] = [];
    let filesSearched = 0;

    for await (const file of filesUnder(target)) {
      if (signal?.aborted) return { output: 'search_files was aborted', isError: true };
      if (!accepts(file.display)) continue;
      const text = await readSearchable(file.absolute);
      if (text === undefined) continue;
      filesSearched++;
      const lines = text.split('\n');
      for (let n = 0; n < lines.length; n++) {
        const line = lines[n]!;
        if (line.length > MAX_SCANNED_LINE_CHARS || !matcher.test(line)) continue;
        matches.push(`${file.display}:${n + 1}: ${line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line}`);
        if (matches.length === MAX_MATCHES) {
          matches.push(`[stopped after ${MAX_MATCHES} matches; narrow the pattern, path or glob]`);
          return matches.join('\n');
        }
      }
    }
    if (matches.length === 0) return `No matches for ${JSON.stringify(pattern)} in ${target.display} (${filesSearched} files searched)`;
    return matches.join('\n');
  },
});

/** A regex if the pattern is one, else the literal text; never with the g flag (lastIndex). */
function compile(pattern: string): RegExp {
  try {
    return new RegExp(pattern);
  } catch {
    return new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  }
}

async function* filesUnder(target: ResolvedPath): AsyncGenerator<Pick<WalkEntry, 'absolute' | 'display'>> {
  const info = await stat(target.absolute);
  if (info.isFile()) {
    yield { absolute: target.absolute, display: target.display };
    return;
  }
  for await (const entry of walk(target.root, target.absolute, true)) {
    if (entry.kind === 'file') yield entry;
  }
}

async function readSearchable(absolute: string): Promise<string | undefined> {
  const info = await stat(absolute).catch(() => undefined);
  if (!info || info.size > MAX_FILE_BYTES) return undefined;
  const bytes = await readFile(absolute).catch(() => undefined);
  if (!bytes || bytes.subarray(0, 8_192).includes(0)) return undefined;
  return bytes.toString('utf8');
}
