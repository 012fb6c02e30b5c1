import { stat } from 'node:fs/promises';
import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { walk } from './walk.js';
import { resolveInWorkspace } from './workspace-path.js';

const MAX_ENTRIES = 1_000;

export const listFilesTool = defineTool({
  name: 'list_files',
  description:
    'List files and directories in the workspace (directories end with "/", symlinks with "@"). .git is hidden and node_modules is shown but not entered.',
  input: z.object({
    path: z.string().default('.').describe('Directory relative to the workspace root (default: the root)'),
    recursive: z.boolean().default(false).describe('List everything below, not just the directory itself'),
  }),
  async run({ path, recursive }, { workspace }) {
    const target = await resolveInWorkspace(workspace, path);
    const info = await stat(target.absolute).catch(() => undefined);
    if (!info) return { output: `No such directory: ${target.display}`, isError: true };
    if (!info.isDirectory()) return { output: `${target.display} is a file, not a directory`, isError: true };

    const lines: string[] = [];
    for await (const entry of walk(target.root, target.absolute, recursive)) {
      if (entry.display === '.git' || entry.display.endsWith('/.git')) continue;
      if (lines.length === MAX_ENTRIES) {
        lines.push(`[stopped after ${MAX_ENTRIES} entries; list a subdirectory to see more]`);
        break;
      }
      const suffix = entry.kind === 'directory' ? '/' : entry.kind === 'symlink' ? '@' : '';
      lines.push(`${entry.display}${suffix}${entry.skipped ? ' (not listed)' : ''}`);
    }
    return lines.length > 0 ? lines.join('\n') : `[${target.display} is an empty directory]`;
  },
});
