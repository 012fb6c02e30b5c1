import { realpath } from 'node:fs/promises';
import { z } from 'zod';
import { childEnv } from './child-env.js';
import { defineTool } from './define-tool.js';
import { runInProcessGroup } from './process-group.js';

const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_TIMEOUT_MS = 10 * 60_000;

export const runCommandTool = defineTool({
  name: 'run_command',
  description:
    `Run a shell command (/bin/sh -c) in the workspace root. Returns the exit code and the last part of stdout and stderr combined. Times out after timeoutMs (default ${DEFAULT_TIMEOUT_MS} ms, at most ${MAX_TIMEOUT_MS} ms); on timeout the command and everything it started are killed. Background processes do not survive the command.`,
  input: z.object({
    command: z.string().min(1).describe('Shell command line'),
    timeoutMs: z.number().int().min(1).max(MAX_TIMEOUT_MS).default(DEFAULT_TIMEOUT_MS).describe('Time limit in milliseconds'),
  }),
  async run({ command, timeoutMs }, { workspace, signal }) {
    const cwd = await realpath(workspace);
    const run = await runInProcessGroup(command, { cwd, env: childEnv(), timeoutMs, signal });
    const status = run.timedOut
      ? `timed out after ${timeoutMs} ms; the command and its child processes were killed`
      : run.aborted
        ? 'aborted; the command and its child processes were killed'
        : run.exitCode !== null
          ? `exit code: ${run.exitCode}`
          : `killed by ${run.signal}`;
    const output = run.output.length > 0 ? run.output : '(no output)';
    return { output: `${status}\n${output}`, isError: run.timedOut || run.aborted || run.exitCode !== 0 };
  },
});
