import type { Task, TaskStatus } from '../../api/types.js';
import type { TaskMove } from '../../controllers/task-actions-controller.js';
import { taskMoves } from '../../state/task-transitions.js';

export type ColumnKey = 'pending' | 'ready' | 'running' | 'retrying' | 'completed' | 'failed' | 'cancelled';

export interface BoardColumn {
  key: ColumnKey;
  label: string;
  statuses: readonly TaskStatus[];
  /** Ordered by priority (the dispatch order), so dragging within it reprioritises. */
  queue: boolean;
}

/**
 * The board's columns, in the order work flows. Assigned and running are one column (a
 * task is assigned only for the moment before its agent starts); dead-lettered tasks sit
 * with the failed ones. Each card still shows its exact status.
 */
export const BOARD_COLUMNS: readonly BoardColumn[] = [
  { key: 'pending', label: 'Pending', statuses: ['pending'], queue: true },
  { key: 'ready', label: 'Ready', statuses: ['ready'], queue: true },
  { key: 'running', label: 'Running', statuses: ['assigned', 'running'], queue: false },
  { key: 'retrying', label: 'Retrying', statuses: ['retrying'], queue: true },
  { key: 'completed', label: 'Completed', statuses: ['completed'], queue: false },
  { key: 'failed', label: 'Failed', statuses: ['failed', 'dead_letter'], queue: false },
  { key: 'cancelled', label: 'Cancelled', statuses: ['cancelled'], queue: false },
];

export function columnOf(status: TaskStatus): BoardColumn {
  return BOARD_COLUMNS.find((column) => column.statuses.includes(status))!;
}

/** Queues in dispatch order (priority, then oldest first); the rest newest change first. */
export function sortColumn(column: BoardColumn, tasks: Task[]): Task[] {
  return column.queue
    ? tasks.sort((a, b) => b.priority - a.priority || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
    : tasks.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id));
}

/** The tasks of each column, sorted. */
export function groupByColumn(tasks: readonly Task[]): Map<ColumnKey, Task[]> {
  const groups = new Map<ColumnKey, Task[]>(BOARD_COLUMNS.map((column) => [column.key, []]));
  for (const task of tasks) groups.get(columnOf(task.status).key)!.push(task);
  for (const column of BOARD_COLUMNS) sortColumn(column, groups.get(column.key)!);
  return groups;
}

/**
 * What dropping `task` on `column` means: cancel (the Cancelled column), retry (a
 * finished task on Ready), or a new priority (its own queue column, at `index` among the
 * others); null where the state machine allows nothing.
 */
export function moveFor(task: Task, column: BoardColumn, index: number | null, others: readonly Task[]): TaskMove | null {
  const moves = taskMoves(task.status);
  if (column.key === 'cancelled') return moves.cancel ? { kind: 'cancel' } : null;
  if (column.key === 'ready' && moves.retry) return { kind: 'retry' };
  if (column.statuses.includes(task.status) && column.queue && moves.reprioritise) {
    if (index === null) return null;
    const priority = priorityAt(others.filter((other) => other.id !== task.id), index, task.priority);
    return priority === task.priority ? null : { kind: 'priority', priority };
  }
  return null;
}

/** Whether anything may be dropped on `column` for `task` (to light the column up while dragging). */
export function accepts(task: Task, column: BoardColumn): boolean {
  const moves = taskMoves(task.status);
  if (column.key === 'cancelled') return moves.cancel;
  if (column.key === 'ready' && moves.retry) return true;
  return column.queue && column.statuses.includes(task.status) && moves.reprioritise;
}

/**
 * The priority that puts a task at `index` of a queue sorted by priority (highest first):
 * one above the task below it at the top, one below the task above it at the bottom, and
 * between the two otherwise (equal to the one above when they are adjacent numbers).
 */
export function priorityAt(queue: readonly Task[], index: number, current: number): number {
  const above = queue[index - 1];
  const below = queue[index];
  if (!above && !below) return current;
  if (!above) return Math.min(100, below!.priority + 1);
  if (!below) return Math.max(0, above.priority - 1);
  if (above.priority - below.priority >= 2) return Math.round((above.priority + below.priority) / 2);
  return above.priority;
}
