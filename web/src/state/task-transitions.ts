import type { TaskStatus } from '../api/types.js';

/**
 * A copy of shared/schemas/tasks.ts `TASK_TRANSITIONS`: that module builds zod schemas at
 * load time, and the dashboard bundle stays free of zod. The Record keeps the statuses in
 * step at compile time; e2e/task-transitions.spec.ts checks the edges are the same.
 */
export const TASK_TRANSITIONS: Record<TaskStatus, readonly TaskStatus[]> = {
  pending: ['ready', 'cancelled'],
  ready: ['assigned', 'cancelled'],
  assigned: ['running', 'ready', 'cancelled', 'completed', 'failed', 'retrying', 'dead_letter'],
  running: ['completed', 'failed', 'retrying', 'dead_letter', 'ready', 'cancelled'],
  retrying: ['ready', 'cancelled', 'dead_letter'],
  completed: [],
  failed: ['ready'],
  cancelled: ['ready'],
  dead_letter: ['ready'],
};

export function canTransition(from: TaskStatus, to: TaskStatus): boolean {
  return TASK_TRANSITIONS[from].includes(to);
}

/** Statuses a task never leaves by itself; only a person sends it back to the queue. */
export const FINISHED_TASK_STATUSES: readonly TaskStatus[] = ['completed', 'failed', 'cancelled', 'dead_letter'];

export function isFinished(status: TaskStatus): boolean {
  return FINISHED_TASK_STATUSES.includes(status);
}

/** What a person may do with a task in this status (the hub enforces the same). */
export function taskMoves(status: TaskStatus): { cancel: boolean; retry: boolean; reprioritise: boolean } {
  return {
    cancel: canTransition(status, 'cancelled'),
    // Back to `ready` is the system's move for running work, a person's only for finished work.
    retry: isFinished(status) && canTransition(status, 'ready'),
    reprioritise: !isFinished(status),
  };
}
