import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { AgentTypeKey, Task } from '../../api/types.js';
import '../../components/hive-alert.js';
import '../../components/hive-empty-state.js';
import '../../components/hive-error-state.js';
import '../../components/hive-icon.js';
import type { FilterSelect } from '../../components/hive-list-filters.js';
import '../../components/hive-list-filters.js';
import '../../components/hive-loading.js';
import '../../components/hive-page-header.js';
import '../../components/hive-stale-notice.js';
import { ClockController } from '../../controllers/clock-controller.js';
import { InlineCreateController } from '../../controllers/inline-create-controller.js';
import { LiveController } from '../../controllers/live-controller.js';
import { TaskActionsController, type TaskMove } from '../../controllers/task-actions-controller.js';
import { AGENT_TYPES, AGENT_TYPE_LABELS } from '../../format/labels.js';
import { navigate, withQuery } from '../../router/navigation.js';
import { fleetSpec } from '../../state/agents.js';
import { sessionsSpec } from '../../state/sessions.js';
import { type TaskFilter, tasksSpec } from '../../state/tasks.js';
import { buttonStyles, visuallyHiddenStyles } from '../../styles/shared-styles.js';
import { columnOf } from './board-columns.js';
import './hive-task-board.js';
import './hive-task-create-form.js';
import type { TaskMoveRequest } from './hive-task-menu.js';

const PATH = '/tasks';

/** "Task “x” cancelled.": what a screen reader hears after a move went through. */
function moveDone(task: Task, move: TaskMove): string {
  if (move.kind === 'cancel') return `Task “${task.title}” cancelled.`;
  if (move.kind === 'retry') return `Task “${task.title}” is back in the queue.`;
  return `Task “${task.title}” now has priority ${move.priority}.`;
}

/**
 * The work queue as a live board: every task in the column of its status, moving as the
 * hub reports changes; filters (agent type, session, title) in the URL; "New task"; and,
 * for operators, drag and drop or a menu per card to cancel, retry and reprioritise.
 */
@customElement('hive-tasks-panel')
export class HiveTasksPanel extends LitElement {
  static override styles = [
    buttonStyles,
    visuallyHiddenStyles,
    css`
      :host {
        display: block;
      }
      hive-alert {
        margin-bottom: 1rem;
      }
      .board[aria-busy='true'] {
        opacity: 0.6;
        transition: opacity 0.2s;
      }
    `,
  ];

  /** The URL's query parameters, from the router. */
  @property({ attribute: false }) query = new URLSearchParams();

  @state() private announcement = '';

  private readonly board = new LiveController(this, () => tasksSpec(this.filter()));
  private readonly fleet = new LiveController(this, () => fleetSpec);
  private readonly sessions = new LiveController(this, () => sessionsSpec);
  private readonly create = new InlineCreateController<Task>(this, () => undefined);
  private readonly actions = new TaskActionsController(this);
  private readonly clock = new ClockController(this, 15_000);

  override render() {
    const filter = this.filter();
    return html`<hive-page-header heading="Tasks" description="The work queue, live: what is waiting, running, done or stuck.">
        ${this.create.allowed && !this.create.open
          ? html`<button slot="actions" type="button" class="primary" @click=${() => this.create.show()}>
              <hive-icon name="plus"></hive-icon>New task
            </button>`
          : nothing}
      </hive-page-header>
      ${this.create.open
        ? html`<hive-task-create-form
            @hive-task-created=${(event: CustomEvent<Task>) => this.create.done(event.detail)}
            @hive-form-cancel=${() => this.create.cancel()}
          ></hive-task-create-form>`
        : nothing}
      ${this.create.created
        ? html`<hive-alert tone="success">
            Task “${this.create.created.title}” created. It is in ${columnOf(this.create.created.status).label}.
          </hive-alert>`
        : nothing}
      <hive-list-filters
        searchLabel="Search tasks"
        searchPlaceholder="Title"
        .query=${filter.q ?? ''}
        .selects=${this.selects()}
        .values=${{ type: filter.type ?? '', session: filter.sessionId ?? '' }}
        @hive-filters-change=${(event: CustomEvent<Record<string, string>>) => this.changeFilters(event.detail)}
      ></hive-list-filters>
      ${this.actions.renderFailure()}
      <div class="visually-hidden" role="status">${this.announcement}</div>
      ${this.renderBoard(filter)}`;
  }

  private renderBoard(filter: TaskFilter) {
    const collection = this.board.value;
    const state = collection?.state;
    if (!state || state.status === 'loading') return html`<hive-loading label="Loading tasks…"></hive-loading>`;
    if (state.status === 'error') {
      return html`<hive-error-state heading="Couldn't load tasks" .error=${state.error} @hive-retry=${() => void collection?.reload()}></hive-error-state>`;
    }
    const filtered = Boolean(filter.q || filter.type || filter.sessionId);
    const names = new Map((this.fleet.value?.state.items ?? []).map((agent) => [agent.id, agent.name] as const));
    const busy = new Set(state.items.filter((task) => this.actions.busy(task.id)).map((task) => task.id));
    return html`<hive-stale-notice .since=${state.staleSince}></hive-stale-notice>
      ${state.items.length === 0
        ? filtered
          ? html`<hive-empty-state heading="No tasks match these filters" icon="search">
              <p>Try another agent type, session or title.</p>
              <button slot="actions" type="button" @click=${() => navigate(PATH)}>Clear filters</button>
            </hive-empty-state>`
          : html`<hive-empty-state heading="No tasks yet" icon="tasks">
              <p>
                ${this.create.allowed
                  ? 'Queue one with “New task”, or through the REST API (POST /api/v1/tasks).'
                  : 'Tasks appear here once an operator or an agent queues them.'}
              </p>
            </hive-empty-state>`
        : html`<div class="board" aria-busy=${state.reloading ? 'true' : 'false'}>
            <hive-task-board
              .tasks=${state.items}
              .agentNames=${names}
              .busy=${busy}
              .now=${this.clock.now}
              ?can-operate=${this.actions.allowed}
              @hive-task-move=${this.onMove}
            ></hive-task-board>
          </div>`}`;
  }

  private filter(): TaskFilter {
    const type = this.query.get('type') ?? '';
    const session = this.query.get('session') ?? '';
    const q = (this.query.get('q') ?? '').trim().slice(0, 120);
    return {
      ...(AGENT_TYPES.includes(type as AgentTypeKey) ? { type: type as AgentTypeKey } : {}),
      ...(/^[0-9a-f-]{36}$/.test(session) ? { sessionId: session } : {}),
      ...(q ? { q } : {}),
    };
  }

  private selects(): FilterSelect[] {
    return [
      { key: 'type', label: 'Agent type', anyLabel: 'All types', options: AGENT_TYPES.map((type) => ({ value: type, label: AGENT_TYPE_LABELS[type] })) },
      {
        key: 'session',
        label: 'Session',
        anyLabel: 'All sessions',
        options: (this.sessions.value?.state.items ?? []).map((session) => ({ value: session.id, label: session.name })),
      },
    ];
  }

  private changeFilters(changes: Record<string, string>): void {
    navigate(withQuery(PATH, this.query, changes), { replace: 'q' in changes });
  }

  private readonly onMove = async (event: CustomEvent<TaskMoveRequest>): Promise<void> => {
    const { task, move } = event.detail;
    this.announcement = '';
    if (await this.actions.run(task, move)) this.announcement = moveDone(task, move);
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-tasks-panel': HiveTasksPanel;
  }
}
