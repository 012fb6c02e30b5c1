import { canTransition } from '../../../shared/task-states.js';
import type { TaskStatus } from '../api/types.js';

// The state machine itself lives in shared/task-states.ts (no zod, so the bundle stays small).
export { TASK_TRANSITIONS, canTransition } from '../../../shared/task-states.js';

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
