import { consume } from '@lit/context';
import { Task as AsyncTask, TaskStatus as AsyncStatus } from '@lit/task';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { listTasks } from '../../api/tasks.js';
import type { Task } from '../../api/types.js';
import '../../components/hive-alert.js';
import '../../components/hive-empty-state.js';
import '../../components/hive-error-state.js';
import '../../components/hive-icon.js';
import type { FilterSelect } from '../../components/hive-list-filters.js';
import '../../components/hive-list-filters.js';
import '../../components/hive-loading.js';
import '../../components/hive-page-header.js';
import '../../components/hive-pagination.js';
import '../../components/hive-task-list.js';
import { AGENT_TYPES, AGENT_TYPE_LABELS, TASK_STATUSES, humanize } from '../../format/labels.js';
import { PAGE_SIZE, hasFilters, readListQuery } from '../../router/list-query.js';
import { navigate, withQuery } from '../../router/navigation.js';
import { type AuthState, authContext } from '../../state/auth-context.js';
import { canOperate } from '../../state/permissions.js';
import { buttonStyles } from '../../styles/shared-styles.js';
import './hive-task-create-form.js';

const PATH = '/tasks';

const FILTERS: readonly FilterSelect[] = [
  {
    key: 'status',
    label: 'Status',
    anyLabel: 'All statuses',
    options: TASK_STATUSES.map((status) => ({ value: status, label: humanize(status) })),
  },
  {
    key: 'type',
    label: 'Agent type',
    anyLabel: 'All types',
    options: AGENT_TYPES.map((type) => ({ value: type, label: AGENT_TYPE_LABELS[type] })),
  },
];

/** The task queue: every task with its state, filterable by status, type and title. */
@customElement('hive-tasks-panel')
export class HiveTasksPanel extends LitElement {
  static override styles = [
    buttonStyles,
    css`
      :host {
        display: block;
      }
      hive-alert {
        margin-bottom: 1rem;
      }
      .results[aria-busy='true'] {
        opacity: 0.6;
        transition: opacity 0.2s;
      }
    `,
  ];

  /** The URL's query parameters, from the router. */
  @property({ attribute: false }) query = new URLSearchParams();

  @consume({ context: authContext, subscribe: true })
  @state()
  private auth?: AuthState;

  @state() private creating = false;
  @state() private created: Task | null = null;

  // Aliased imports: this panel's domain also has "tasks" and "statuses".
  private readonly tasks = new AsyncTask(this, {
    task: ([q, status, type, offset], { signal }) =>
      listTasks(
        { q: q || undefined, status: status || undefined, type: type || undefined, limit: PAGE_SIZE, offset },
        signal,
      ),
    args: () => {
      const filters = this.filters;
      return [filters.q, filters.status, filters.type, filters.offset] as const;
    },
  });

  private get filters() {
    return readListQuery(this.query, TASK_STATUSES, AGENT_TYPES);
  }

  private get canCreate(): boolean {
    return this.auth?.status === 'signed-in' && canOperate(this.auth.me.user.role);
  }

  override render() {
    const filters = this.filters;
    return html`<hive-page-header heading="Tasks" description="The work queue: what is waiting, running, done or stuck.">
        ${this.canCreate && !this.creating
          ? html`<button slot="actions" type="button" class="primary" @click=${() => (this.creating = true)}>
              <hive-icon name="plus"></hive-icon>New task
            </button>`
          : nothing}
      </hive-page-header>
      ${this.creating
        ? html`<hive-task-create-form
            @hive-task-created=${this.onCreated}
            @hive-form-cancel=${() => (this.creating = false)}
          ></hive-task-create-form>`
        : nothing}
      ${this.created ? html`<hive-alert tone="success">Task “${this.created.title}” created.</hive-alert>` : nothing}
      <hive-list-filters
        searchLabel="Search tasks"
        searchPlaceholder="Title"
        .query=${filters.q}
        .selects=${FILTERS}
        .values=${{ status: filters.status, type: filters.type }}
        @hive-filters-change=${(event: CustomEvent<Record<string, string>>) => this.changeFilters(event.detail)}
      ></hive-list-filters>
      ${this.renderResults()}`;
  }

  private renderResults() {
    const { status, value: page, error } = this.tasks;
    if (status === AsyncStatus.ERROR) {
      return html`<hive-error-state heading="Couldn't load tasks" .error=${error} @hive-retry=${() => this.tasks.run()}></hive-error-state>`;
    }
    if (!page) return html`<hive-loading label="Loading tasks…"></hive-loading>`;
    if (page.items.length === 0) return this.renderEmpty(page.total);
    return html`<div class="results" aria-busy=${status === AsyncStatus.PENDING ? 'true' : 'false'}>
      <hive-task-list .tasks=${page.items}></hive-task-list>
      <hive-pagination
        noun="tasks"
        noun-singular="task"
        .total=${page.total}
        .limit=${page.limit}
        .offset=${page.offset}
        @hive-page-change=${(event: CustomEvent<{ offset: number }>) => this.goToOffset(event.detail.offset)}
      ></hive-pagination>
    </div>`;
  }

  private renderEmpty(total: number) {
    if (total > 0) {
      // The URL points past the last page (tasks were removed since the link was made).
      return html`<hive-empty-state heading="Nothing on this page">
        <p>There are ${total} tasks, but not this far down the list.</p>
        <button slot="actions" type="button" @click=${() => this.goToOffset(0)}>Go to the first page</button>
      </hive-empty-state>`;
    }
    if (hasFilters(this.filters)) {
      return html`<hive-empty-state heading="No tasks match these filters" icon="search">
        <p>Try another status, type or title.</p>
        <button slot="actions" type="button" @click=${this.clearFilters}>Clear filters</button>
      </hive-empty-state>`;
    }
    return html`<hive-empty-state heading="No tasks yet" icon="tasks">
      <p>
        ${this.canCreate
          ? 'Queue one with “New task”, or through the REST API (POST /api/v1/tasks).'
          : 'Tasks appear here once an operator or an agent queues them.'}
      </p>
    </hive-empty-state>`;
  }

  private changeFilters(changes: Record<string, string>): void {
    // A new filter starts again at the first page; typing replaces history, not adds to it.
    navigate(withQuery(PATH, this.query, { ...changes, offset: null }), { replace: 'q' in changes });
  }

  private readonly clearFilters = (): void => {
    navigate(PATH);
  };

  private goToOffset(offset: number): void {
    navigate(withQuery(PATH, this.query, { offset }));
    this.scrollIntoView({ block: 'start' });
  }

  private onCreated(event: CustomEvent<Task>): void {
    this.created = event.detail;
    this.creating = false;
    void this.tasks.run();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-tasks-panel': HiveTasksPanel;
  }
}
