/**
 * The tools that act on the agent's own workspace. Hub tools (messages, subtasks,
 * context, proposals) live with the agent worker, since they need its hub connection.
 */
import { editFileTool } from './edit-file.js';
import { gitCommitTool, gitDiffTool, gitStatusTool } from './git-tools.js';
import { listFilesTool } from './list-files.js';
import { readFileTool } from './read-file.js';
import { runCommandTool } from './run-command.js';
import { searchFilesTool } from './search-files.js';
import type { AgentTool } from './types.js';
import { writeFileTool } from './write-file.js';

export type { AgentTool, ToolContext, ToolOutcome } from './types.js';
export { WorkspacePathError, resolveInWorkspace } from './workspace-path.js';

export function workspaceTools(): AgentTool[] {
  return [
    readFileTool,
    writeFileTool,
    editFileTool,
    listFilesTool,
    searchFilesTool,
    runCommandTool,
    gitStatusTool,
    gitDiffTool,
    gitCommitTool,
  ];
}
