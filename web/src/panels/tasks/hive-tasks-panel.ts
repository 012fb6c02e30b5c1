import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { listTasks } from '../../api/tasks.js';
import type { Task } from '../../api/types.js';
import '../../components/hive-task-list.js';
import { InlineCreateController } from '../../controllers/inline-create-controller.js';
import { ListQueryController } from '../../controllers/list-query-controller.js';
import { AGENT_TYPES, AGENT_TYPE_LABELS, TASK_STATUSES, humanize } from '../../format/labels.js';
import { type ListPanelView, listPanelStyles, renderListPanel } from '../list-panel.js';
import './hive-task-create-form.js';

const VIEW: ListPanelView<Task> = {
  heading: 'Tasks',
  description: 'The work queue: what is waiting, running, done or stuck.',
  newLabel: 'New task',
  renderCreateForm: (create) => html`<hive-task-create-form
    @hive-task-created=${(event: CustomEvent<Task>) => create.done(event.detail)}
    @hive-form-cancel=${() => create.cancel()}
  ></hive-task-create-form>`,
  createdNotice: (task) => `Task “${task.title}” created.`,
  noun: 'tasks',
  nounSingular: 'task',
  searchLabel: 'Search tasks',
  searchPlaceholder: 'Title',
  selects: [
    { key: 'status', label: 'Status', anyLabel: 'All statuses', options: TASK_STATUSES.map((status) => ({ value: status, label: humanize(status) })) },
    { key: 'type', label: 'Agent type', anyLabel: 'All types', options: AGENT_TYPES.map((type) => ({ value: type, label: AGENT_TYPE_LABELS[type] })) },
  ],
  filteredHint: 'Try another status, type or title.',
  emptyIcon: 'tasks',
  emptyHint: {
    canCreate: 'Queue one with “New task”, or through the REST API (POST /api/v1/tasks).',
    readOnly: 'Tasks appear here once an operator or an agent queues them.',
  },
  renderItems: (tasks) => html`<hive-task-list .tasks=${tasks}></hive-task-list>`,
};

/** The task queue: every task with its state, filterable by status, type and title. */
@customElement('hive-tasks-panel')
export class HiveTasksPanel extends LitElement {
  static override styles = listPanelStyles;

  /** The URL's query parameters, from the router. */
  @property({ attribute: false }) query = new URLSearchParams();

  private readonly list = new ListQueryController(this, { path: '/tasks', statuses: TASK_STATUSES, types: AGENT_TYPES, load: listTasks });
  private readonly create = new InlineCreateController<Task>(this, () => this.list.reload());

  override render() {
    return renderListPanel(this.list, this.create, VIEW);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-tasks-panel': HiveTasksPanel;
  }
}
