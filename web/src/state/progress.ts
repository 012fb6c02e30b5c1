import { fetchAgentLogs } from '../api/agents.js';
import { fetchTaskOutput } from '../api/tasks.js';
import type { ProgressItem } from '../api/types.js';
import type { LiveSpec } from './live-resource.js';
import { type ProgressLine, ProgressStream, toLine } from './progress-stream.js';

const OUTPUT_PAGE = 1000;
const MAX_OUTPUT = 5000;
const LOG_TAIL = 400;

const KINDS: readonly ProgressItem['kind'][] = ['log', 'text', 'tool_call', 'tool_result', 'step'];
/** A worker log line: `<ISO time> [kind] message` or `<ISO time> message`. */
const LOG_LINE = /^(\d{4}-\d\d-\d\dT[\d:.]+Z) (?:\[([a-z_]+)\] )?(.*)$/s;

/** A line of the worker's log as a progress line (its kind when the worker wrote one). */
export function parseLogLine(line: string): ProgressLine {
  const match = LOG_LINE.exec(line);
  if (!match) return { kind: 'log', message: line, at: null, taskId: null };
  const kind = KINDS.find((k) => k === match[2]);
  return { kind: kind ?? 'log', message: kind ? match[3]! : `${match[2] ? `[${match[2]}] ` : ''}${match[3]}`, at: match[1]!, taskId: null };
}

/** Everything the task's agents streamed (stored), then live (room `task:<id>`). */
export function taskOutputSpec(taskId: string): LiveSpec<ProgressStream> {
  return {
    key: `output:${taskId}`,
    create: (host) =>
      new ProgressStream(host, {
        room: `task:${taskId}`,
        load: async (signal) => {
          const lines: ProgressLine[] = [];
          let after = 0;
          while (lines.length < MAX_OUTPUT) {
            const page = (await fetchTaskOutput(taskId, after, OUTPUT_PAGE, signal)) as Array<ProgressItem & { id?: number }>;
            lines.push(...page.map(toLine));
            const last = page.at(-1)?.id;
            if (page.length < OUTPUT_PAGE || typeof last !== 'number') break;
            after = last;
          }
          return lines;
        },
        accepts: (item) => item.taskId === taskId,
        limit: MAX_OUTPUT,
      }),
  };
}

/** The agent's worker log (history), then its live progress (room `agent:<id>`). */
export function agentActivitySpec(agentId: string): LiveSpec<ProgressStream> {
  return {
    key: `activity:${agentId}`,
    create: (host) =>
      new ProgressStream(host, {
        room: `agent:${agentId}`,
        load: async (signal) => (await fetchAgentLogs(agentId, LOG_TAIL, signal)).map(parseLogLine),
        accepts: (item) => item.agentId === agentId,
        limit: 2000,
      }),
  };
}
