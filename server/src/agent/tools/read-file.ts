import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { keepHead, MAX_OUTPUT_CHARS } from './output-limits.js';
import { resolveInWorkspace } from './workspace-path.js';

/** Bigger files are refused rather than read into memory; offset/limit cannot help there. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;
const DEFAULT_LINE_LIMIT = 2_000;

export const readFileTool = defineTool({
  name: 'read_file',
  description:
    'Read a text file in the workspace. Returns the file exactly as stored when it is small; for a long file, pass offset (first line, 1-based) and limit (number of lines) to read it in parts.',
  input: z.object({
    path: z.string().min(1).describe('Path relative to the workspace root'),
    offset: z.number().int().min(1).optional().describe('First line to return, 1-based'),
    limit: z.number().int().min(1).max(10_000).optional().describe(`Number of lines to return (default ${DEFAULT_LINE_LIMIT} when offset is given)`),
  }),
  async run({ path, offset, limit }, { workspace }) {
    const target = await resolveInWorkspace(workspace, path);
    const info = await stat(target.absolute).catch(() => undefined);
    if (!info) return { output: `No such file: ${target.display}`, isError: true };
    if (info.isDirectory()) return { output: `${target.display} is a directory; use list_files`, isError: true };
    if (info.size > MAX_FILE_BYTES) return { output: `${target.display} is ${info.size} bytes, too big to read (limit ${MAX_FILE_BYTES}); try search_files or run_command with head/tail`, isError: true };

    const bytes = await readFile(target.absolute);
    if (bytes.subarray(0, 8_192).includes(0)) return { output: `${target.display} is a binary file (${bytes.length} bytes); not shown`, isError: true };
    const text = bytes.toString('utf8');
    if (offset === undefined && limit === undefined && text.length <= MAX_OUTPUT_CHARS) return text;

    const lines = text.split('\n');
    const first = (offset ?? 1) - 1;
    const count = limit ?? DEFAULT_LINE_LIMIT;
    const slice = lines.slice(first, first + count).join('\n');
    const last = Math.min(lines.length, first + count);
    const more = last < lines.length ? `; continue with offset ${last + 1}` : '';
    return `${keepHead(slice, MAX_OUTPUT_CHARS, 'use a smaller limit')}\n[lines ${first + 1}-${last} of ${lines.length}${more}]`;
  },
});
