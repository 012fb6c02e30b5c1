import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { defineTool } from './define-tool.js';
import { resolveInWorkspace } from './workspace-path.js';

export const editFileTool = defineTool({
  name: 'edit_file',
  description:
    'Replace an exact piece of text in a file. old_string must match exactly (whitespace included) and, unless replace_all is true, exactly once: include enough surrounding lines to make it unique.',
  input: z.object({
    path: z.string().min(1).describe('Path relative to the workspace root'),
    old_string: z.string().min(1).describe('Exact text to replace'),
    new_string: z.string().describe('Replacement text'),
    replace_all: z.boolean().default(false).describe('Replace every occurrence instead of exactly one'),
  }),
  async run({ path, old_string, new_string, replace_all }, { workspace }) {
    if (old_string === new_string) return { output: 'old_string and new_string are the same; nothing to do', isError: true };
    const target = await resolveInWorkspace(workspace, path);
    const text = await readFile(target.absolute, 'utf8').catch(() => undefined);
    if (text === undefined) return { output: `No such file: ${target.display}`, isError: true };

    const occurrences = text.split(old_string).length - 1;
    if (occurrences === 0) return { output: `old_string was not found in ${target.display}`, isError: true };
    if (occurrences > 1 && !replace_all) {
      return { output: `old_string occurs ${occurrences} times in ${target.display}; add context to make it unique, or set replace_all`, isError: true };
    }
    // split/join rather than String.replace: `$&` and friends in new_string must stay literal.
    const updated = replace_all ? text.split(old_string).join(new_string) : spliceOnce(text, old_string, new_string);
    await writeFile(target.absolute, updated, 'utf8');
    return `Replaced ${occurrences} occurrence${occurrences === 1 ? '' : 's'} in ${target.display}`;
  },
});

function spliceOnce(text: string, search: string, replacement: string): string {
  const at = text.indexOf(search);
  return text.slice(0, at) + replacement + text.slice(at + search.length);
}
