import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Task } from '../api/types.js';
import { TASK_STATUS_TONES, agentTypeLabel } from '../format/labels.js';
import { renderTimeAgo } from '../format/time.js';
import { focusStyles } from '../styles/shared-styles.js';
import { cardListStyles, renderCardList } from './card-list.js';
import './hive-status-chip.js';

/** Tasks as cards: title (a link to the task's page), status, who should work it, priority and attempts. */
@customElement('hive-task-list')
export class HiveTaskList extends LitElement {
  static override styles = [
    focusStyles,
    cardListStyles,
    css`
      a.name {
        display: inline-flex;
        align-items: center;
        min-height: var(--hive-touch);
        min-width: var(--hive-touch);
        color: var(--hive-link);
        text-decoration: none;
      }
      a.name:hover {
        text-decoration: underline;
      }
      .description {
        grid-column: 1 / -1;
        margin: 0;
        color: var(--hive-text-muted);
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .error {
        grid-column: 1 / -1;
        margin: 0;
        color: var(--hive-tone-danger-fg);
        font-size: 0.875rem;
        overflow-wrap: anywhere;
      }
    `,
  ];

  @property({ attribute: false }) tasks: readonly Task[] = [];

  override render() {
    const now = Date.now();
    return renderCardList(
      'Tasks',
      this.tasks,
      (task) => html`<a class="name" href="/tasks/${task.id}">${task.title}</a>
        <hive-status-chip status=${task.status} tone=${TASK_STATUS_TONES[task.status]}></hive-status-chip>
        ${task.description ? html`<p class="description">${task.description}</p>` : nothing}
        <span class="meta">
          <span>${agentTypeLabel(task.type)}</span>
          <span>Priority ${task.priority}</span>
          <span>Attempt ${task.attempts} of ${task.maxAttempts}</span>
          <span>Created ${renderTimeAgo(task.createdAt, now)} by ${task.createdBy}</span>
        </span>
        ${task.error ? html`<p class="error">${task.error}</p>` : nothing}`,
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-task-list': HiveTaskList;
  }
}
