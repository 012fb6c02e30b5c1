import { expect, test } from '@playwright/test';
import { TASK_STATUSES, TASK_TRANSITIONS } from '../shared/index.js';
import { TASK_TRANSITIONS as DASHBOARD_TRANSITIONS } from '../web/src/state/task-transitions.js';

// The dashboard keeps its own copy of the task state machine (its bundle has no zod);
// the board offers exactly the moves the hub accepts only while the two agree.
test('the dashboard\'s task state machine is the shared one', () => {
  for (const status of TASK_STATUSES) {
    expect([...DASHBOARD_TRANSITIONS[status]].sort(), `moves from ${status}`).toEqual([...TASK_TRANSITIONS[status]].sort());
  }
});
