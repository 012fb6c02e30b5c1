import { fetchTask, listTasks } from '../api/tasks.js';
import type { AgentTypeKey, DomainEvent, Task, TaskStatus } from '../api/types.js';
import { TASK_STATUSES } from '../format/labels.js';
import { LiveCollection } from './live-collection.js';
import type { LiveSpec } from './live-resource.js';
import { combineSnapshots, loadPages } from './snapshot.js';
import { isFinished } from './task-transitions.js';

/** Which tasks a collection holds; every field narrows it. */
export interface TaskFilter {
  type?: AgentTypeKey;
  sessionId?: string;
  /** Case-insensitive part of the title (as the REST list's `q`). */
  q?: string;
  /** Tasks assigned to this agent. */
  agentId?: string;
  statuses?: readonly TaskStatus[];
}

/** Unfinished tasks are loaded whole (up to this many per status)… */
const MAX_OPEN_PER_STATUS = 1000;
/** …finished ones only the newest this many per status; live ones are added as they finish. */
const MAX_FINISHED_PER_STATUS = 50;
/** An agent's page lists its newest tasks. */
const MAX_AGENT_TASKS = 200;
/** Memory bound for a long session; the least recently changed go first. */
const MAX_TASKS = 5000;

const TASK_EVENT = /^task\./;

export function matchesTask(filter: TaskFilter, task: Task): boolean {
  if (filter.type !== undefined && task.type !== filter.type) return false;
  if (filter.sessionId !== undefined && task.sessionId !== filter.sessionId) return false;
  if (filter.agentId !== undefined && task.assignedAgentId !== filter.agentId) return false;
  if (filter.statuses !== undefined && !filter.statuses.includes(task.status)) return false;
  if (filter.q && !task.title.toLowerCase().includes(filter.q.toLowerCase())) return false;
  return true;
}

export function taskChange(event: DomainEvent, filter: TaskFilter) {
  if (!TASK_EVENT.test(event.type)) return null;
  const task = event.payload as unknown as Task;
  if (typeof task.id !== 'string') return null;
  return { id: task.id, item: matchesTask(filter, task) ? task : null };
}

function filterKey(filter: TaskFilter): string {
  return JSON.stringify([filter.type ?? '', filter.sessionId ?? '', filter.q ?? '', filter.agentId ?? '', filter.statuses ?? []]);
}

/** Tasks matching `filter`, live: the board, an agent's tasks, the fleet's running work. */
export function tasksSpec(filter: TaskFilter): LiveSpec<LiveCollection<Task>> {
  const { type, sessionId, q, agentId } = filter;
  return {
    key: `tasks:${filterKey(filter)}`,
    create: (host) =>
      new LiveCollection<Task>(host, {
        rooms: agentId ? [`agent:${agentId}`] : sessionId ? [`session:${sessionId}`] : ['fleet'],
        load: async (signal) => {
          const query = { type, sessionId, q, agentId };
          if (agentId) return loadPages((limit, offset, s) => listTasks({ ...query, limit, offset }, s), MAX_AGENT_TASKS, signal);
          // One request per status, so a busy "completed" column cannot crowd out the queue.
          const statuses = filter.statuses ?? TASK_STATUSES;
          return combineSnapshots(
            await Promise.all(
              statuses.map((status) =>
                loadPages(
                  (limit, offset, s) => listTasks({ ...query, status, limit, offset }, s),
                  isFinished(status) ? MAX_FINISHED_PER_STATUS : MAX_OPEN_PER_STATUS,
                  signal,
                ),
              ),
            ),
          );
        },
        change: (event) => taskChange(event, filter),
        idOf: (task) => task.id,
        compare: (a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id),
        limit: MAX_TASKS,
      }),
  };
}

/** One task, live (room `task:<id>`). */
export function taskSpec(id: string): LiveSpec<LiveCollection<Task>> {
  return {
    key: `task:${id}`,
    create: (host) =>
      new LiveCollection<Task>(host, {
        rooms: [`task:${id}`],
        load: async (signal) => ({ items: [await fetchTask(id, signal)], staleSince: null }),
        change: (event) => {
          const change = taskChange(event, {});
          return change && change.id === id ? change : null;
        },
        idOf: (task) => task.id,
        compare: () => 0,
      }),
  };
}
