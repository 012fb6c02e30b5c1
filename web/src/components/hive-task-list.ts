import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Task } from '../api/types.js';
import { TASK_STATUS_TONES, agentTypeLabel } from '../format/labels.js';
import { formatDateTime, timeAgo } from '../format/time.js';
import './hive-status-chip.js';

/** One page of tasks: title, status, who should work it, priority and attempts. */
@customElement('hive-task-list')
export class HiveTaskList extends LitElement {
  static override styles = css`
    :host {
      display: block;
      container-type: inline-size;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 0.5rem;
    }
    li {
      display: grid;
      grid-template-columns: minmax(0, 1fr) auto;
      gap: 0.25rem 1rem;
      align-items: center;
      padding: 0.75rem 1rem;
      background: var(--hive-surface);
      border: 1px solid var(--hive-border);
      border-radius: var(--hive-radius);
    }
    .title {
      font-weight: 650;
      overflow-wrap: anywhere;
    }
    .description {
      grid-column: 1 / -1;
      margin: 0;
      color: var(--hive-text-muted);
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .meta {
      grid-column: 1 / -1;
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 1rem;
      color: var(--hive-text-muted);
      font-size: 0.875rem;
    }
    .error {
      grid-column: 1 / -1;
      margin: 0;
      color: var(--hive-tone-danger-fg);
      font-size: 0.875rem;
      overflow-wrap: anywhere;
    }
  `;

  @property({ attribute: false }) tasks: readonly Task[] = [];

  override render() {
    const now = Date.now();
    return html`<ul aria-label="Tasks">
      ${repeat(
        this.tasks,
        (task) => task.id,
        (task) => html`<li>
          <span class="title">${task.title}</span>
          <hive-status-chip status=${task.status} tone=${TASK_STATUS_TONES[task.status]}></hive-status-chip>
          ${task.description ? html`<p class="description">${task.description}</p>` : nothing}
          <span class="meta">
            <span>${agentTypeLabel(task.type)}</span>
            <span>Priority ${task.priority}</span>
            <span>Attempt ${task.attempts} of ${task.maxAttempts}</span>
            <span>Created <time datetime=${task.createdAt} title=${formatDateTime(task.createdAt)}>${timeAgo(task.createdAt, now)}</time> by ${task.createdBy}</span>
          </span>
          ${task.error ? html`<p class="error">${task.error}</p>` : nothing}
        </li>`,
      )}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-task-list': HiveTaskList;
  }
}
