import { ContextConsumer } from '@lit/context';
import { type ReactiveControllerHost, type TemplateResult, html, nothing } from 'lit';
import { describeError } from '../api/client.js';
import { cancelTask, retryTask, setTaskPriority } from '../api/tasks.js';
import type { Task } from '../api/types.js';
import '../components/hive-alert.js';
import { confirmAction } from '../components/hive-confirm-dialog.js';
import { authContext } from '../state/auth-context.js';
import { canOperate } from '../state/permissions.js';
import { taskMoves } from '../state/task-transitions.js';

/** A person's move of a task: from the board (drag and drop or its menu) or the task's page. */
export type TaskMove = { kind: 'cancel' } | { kind: 'retry' } | { kind: 'priority'; priority: number };

const MOVE_NAMES: Record<TaskMove['kind'], string> = { cancel: 'cancel', retry: 'retry', priority: 'reprioritise' };

/**
 * Cancel (after a confirmation), retry and reprioritise, for those allowed (operators and
 * above) and only along the edges of the task state machine. The task's new state comes
 * back through the live collections; this only sends the request and reports a refusal.
 */
export class TaskActionsController {
  private readonly auth: ContextConsumer<typeof authContext, ReactiveControllerHost & HTMLElement>;
  private readonly running = new Set<string>();
  private failure: { task: Task; move: TaskMove; error: unknown } | null = null;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    this.auth = new ContextConsumer(host, { context: authContext, subscribe: true });
  }

  get allowed(): boolean {
    const auth = this.auth.value;
    return auth?.status === 'signed-in' && canOperate(auth.me.user.role);
  }

  busy(taskId: string): boolean {
    return this.running.has(taskId);
  }

  /** Whether this move is open to this task now (role and state machine). */
  permits(task: Task, move: TaskMove['kind']): boolean {
    if (!this.allowed) return false;
    const moves = taskMoves(task.status);
    return move === 'cancel' ? moves.cancel : move === 'retry' ? moves.retry : moves.reprioritise;
  }

  /** Sends the move; resolves true when the hub accepted it. */
  async run(task: Task, move: TaskMove): Promise<boolean> {
    if (!this.permits(task, move.kind) || this.running.has(task.id)) return false;
    if (move.kind === 'priority' && move.priority === task.priority) return true;
    if (move.kind === 'cancel') {
      const confirmed = await confirmAction({
        heading: `Cancel “${task.title}”?`,
        message:
          task.status === 'running' || task.status === 'assigned'
            ? 'Its agent stops working on it. You can send it back to the queue later with Retry.'
            : 'It leaves the queue. You can send it back later with Retry.',
        confirmLabel: 'Cancel task',
        danger: true,
      });
      if (!confirmed) return false;
    }
    this.running.add(task.id);
    this.failure = null;
    this.host.requestUpdate();
    try {
      if (move.kind === 'cancel') await cancelTask(task.id, 'cancelled from the dashboard');
      else if (move.kind === 'retry') await retryTask(task.id);
      else await setTaskPriority(task.id, move.priority);
      return true;
    } catch (error) {
      this.failure = { task, move, error };
      return false;
    } finally {
      this.running.delete(task.id);
      this.host.requestUpdate();
    }
  }

  renderFailure(): TemplateResult | typeof nothing {
    const failure = this.failure;
    if (!failure) return nothing;
    return html`<hive-alert tone="danger">
      Couldn't ${MOVE_NAMES[failure.move.kind]} “${failure.task.title}”: ${describeError(failure.error)}
      <button slot="actions" type="button" @click=${() => this.dismiss()}>Dismiss</button>
    </hive-alert>`;
  }

  private dismiss(): void {
    this.failure = null;
    this.host.requestUpdate();
  }
}
