import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { resolveInWorkspace } from './workspace-path.js';

export const writeFileTool = defineTool({
  name: 'write_file',
  description: 'Create or overwrite a file in the workspace with the given content. Missing parent directories are created.',
  input: z.object({
    path: z.string().min(1).describe('Path relative to the workspace root'),
    content: z.string().describe('The complete new content of the file'),
  }),
  async run({ path, content }, { workspace }) {
    const target = await resolveInWorkspace(workspace, path);
    if (target.display === '.') return { output: 'Refused: the workspace root is a directory, not a file', isError: true };
    const existing = await stat(target.absolute).catch(() => undefined);
    if (existing?.isDirectory()) return { output: `${target.display} is a directory`, isError: true };
    await mkdir(dirname(target.absolute), { recursive: true });
    await writeFile(target.absolute, content, 'utf8');
    const bytes = Buffer.byteLength(content, 'utf8');
    return `${existing ? 'Overwrote' : 'Created'} ${target.display} (${bytes} bytes)`;
  },
});
