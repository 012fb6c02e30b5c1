/**
 * The task state machine of DESIGN §3, free of zod so the dashboard can import it without
 * bundling the schema library. The store refuses any move not listed here.
 *
 * An attempt that fails is retried (`retrying`) or, with the retry budget spent,
 * dead-lettered; `failed` is a failure that retrying cannot fix. Finished tasks may be sent
 * back to `ready` by a person.
 */
export const TASK_STATUSES = [
  'pending',
  'ready',
  'assigned',
  'running',
  'retrying',
  'completed',
  'failed',
  'cancelled',
  'dead_letter',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

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
