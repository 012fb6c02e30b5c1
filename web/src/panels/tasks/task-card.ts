import { type TemplateResult, css, html, nothing } from 'lit';
import type { Task } from '../../api/types.js';
import '../../components/hive-icon.js';
import '../../components/hive-status-chip.js';
import { TASK_STATUS_TONES, agentTypeLabel } from '../../format/labels.js';
import { renderTimeAgo } from '../../format/time.js';

export interface CardContext {
  /** Names of agents by id, for "Working: <agent>". */
  agentNames: ReadonlyMap<string, string>;
  now: number;
  /** The column holds more than one status: show each card's own. */
  showStatus: boolean;
  /** A drag handle and an actions menu (operators). */
  operable: boolean;
  /** The card can be dragged somewhere (its status allows some move). */
  draggable: boolean;
  busy: boolean;
  dragging: boolean;
  dropBefore: boolean;
  onPress: (event: PointerEvent, task: Task) => void;
  onMenu: (event: MouseEvent, task: Task) => void;
}

export const taskCardStyles = css`
  li.card {
    display: grid;
    grid-template-columns: auto minmax(0, 1fr) auto;
    align-items: start;
    gap: 0 0.25rem;
    padding: 0.25rem 0.25rem 0.5rem;
    background: var(--hive-surface);
    border: 1px solid var(--hive-border);
    border-radius: var(--hive-radius-small);
    box-shadow: var(--hive-shadow);
    position: relative;
  }
  li.card[data-busy] {
    opacity: 0.6;
  }
  li.card[data-dragging] {
    opacity: 0.4;
    border-style: dashed;
  }
  li.card[data-drop-before]::before,
  li.drop-end::before {
    content: '';
    position: absolute;
    left: 0;
    right: 0;
    top: -0.3125rem;
    height: 3px;
    border-radius: 2px;
    background: var(--hive-focus);
  }
  li.drop-end {
    position: relative;
    list-style: none;
    min-height: 0.5rem;
  }
  .grip {
    display: grid;
    place-items: center;
    width: 28px;
    min-height: var(--hive-touch);
    color: var(--hive-text-muted);
    cursor: grab;
    touch-action: none;
  }
  /* Viewers get no handle, but the columns of the card stay where they are. */
  .grip[hidden] {
    display: block;
    visibility: hidden;
    width: 0.25rem;
  }
  .title {
    display: flex;
    align-items: center;
    min-height: var(--hive-touch);
    min-width: var(--hive-touch);
    padding: 0 0.25rem;
    color: var(--hive-link);
    font-weight: 650;
    text-decoration: none;
    overflow-wrap: anywhere;
  }
  .title:hover {
    text-decoration: underline;
  }
  button.more {
    border-color: transparent;
    background: transparent;
    padding: 0;
  }
  .facts {
    grid-column: 2 / -1;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.75rem;
    padding: 0 0.25rem;
    color: var(--hive-text-muted);
    font-size: 0.8125rem;
  }
  .error {
    grid-column: 2 / -1;
    margin: 0.25rem 0 0;
    padding: 0 0.25rem;
    color: var(--hive-tone-danger-fg);
    font-size: 0.8125rem;
    overflow: hidden;
    display: -webkit-box;
    -webkit-line-clamp: 2;
    -webkit-box-orient: vertical;
  }
`;

/** One task on the board: handle, title (its page), actions menu, and the facts that matter for its column. */
export function renderTaskCard(task: Task, context: CardContext): TemplateResult {
  const agent = task.assignedAgentId ? (context.agentNames.get(task.assignedAgentId) ?? 'an agent') : null;
  return html`<li
    class="card"
    data-task-id=${task.id}
    ?data-busy=${context.busy}
    ?data-dragging=${context.dragging}
    ?data-drop-before=${context.dropBefore}
    @pointerdown=${(event: PointerEvent) => {
      // Mouse drags from anywhere on the card; touch only from the handle, so the board still scrolls.
      const onControl = event.composedPath().some((node) => node instanceof HTMLAnchorElement || node instanceof HTMLButtonElement);
      if (context.draggable && event.pointerType === 'mouse' && !onControl) context.onPress(event, task);
    }}
    @dragstart=${(event: DragEvent) => event.preventDefault()}
  >
    <span
      class="grip"
      ?hidden=${!context.operable}
      aria-hidden="true"
      title=${context.draggable ? 'Drag to move' : 'This task cannot move from here'}
      @pointerdown=${(event: PointerEvent) => {
        if (!context.draggable) return;
        event.stopPropagation();
        context.onPress(event, task);
      }}
      ><hive-icon name="grip"></hive-icon
    ></span>
    <a class="title" href="/tasks/${task.id}" draggable="false">${task.title}</a>
    ${context.operable
      ? html`<button
          type="button"
          class="more"
          aria-label="Actions for “${task.title}”"
          aria-haspopup="menu"
          ?disabled=${context.busy}
          @click=${(event: MouseEvent) => context.onMenu(event, task)}
        >
          <hive-icon name="more"></hive-icon>
        </button>`
      : html`<span></span>`}
    <span class="facts">
      ${context.showStatus || task.status === 'dead_letter'
        ? html`<hive-status-chip status=${task.status} tone=${TASK_STATUS_TONES[task.status]}></hive-status-chip>`
        : nothing}
      <span>Priority ${task.priority}</span>
      <span>${agentTypeLabel(task.type)}</span>
      ${agent ? html`<span>${agent}</span>` : nothing}
      ${task.attempts > 1 ? html`<span>Attempt ${task.attempts} of ${task.maxAttempts}</span>` : nothing}
      <span>${renderTimeAgo(task.updatedAt, context.now)}</span>
    </span>
    ${task.error ? html`<p class="error" title=${task.error}>${task.error}</p>` : nothing}
  </li>`;
}
