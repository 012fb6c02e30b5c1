import { LitElement, type PropertyValues, type TemplateResult, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Task } from '../../api/types.js';
import { MediaQueryController } from '../../controllers/media-query-controller.js';
import { PointerDragController } from '../../controllers/pointer-drag-controller.js';
import { buttonStyles, focusStyles } from '../../styles/shared-styles.js';
import { BOARD_COLUMNS, type BoardColumn, type ColumnKey, accepts, groupByColumn, moveFor } from './board-columns.js';
import { TASK_MOVE_EVENT, type TaskMoveRequest } from './hive-task-menu.js';
import './hive-task-menu.js';
import type { HiveTaskMenu } from './hive-task-menu.js';
import { renderTaskCard, taskCardStyles } from './task-card.js';

/** Cards a column shows before "Show more". */
const COLUMN_PAGE = 50;
/** On a phone the board is one column at a time, chosen with tabs. */
const NARROW_QUERY = '(max-width: 767px)';

interface DropPoint {
  column: ColumnKey;
  /** Position among the column's other cards; null over a tab. */
  index: number | null;
}

/**
 * The task board: a column per stage of the state machine, live. Cards move between
 * columns as the hub reports changes. Operators move them too, by dragging (mouse, pen or
 * touch on the handle) or through each card's actions menu: onto Cancelled to cancel,
 * a finished task onto Ready to retry, up or down its queue to reprioritise — only where
 * the state machine allows, which lights up while dragging. On a phone a tab bar picks
 * the column, and the tabs take drops. Moves are announced with TASK_MOVE_EVENT.
 */
@customElement('hive-task-board')
export class HiveTaskBoard extends LitElement {
  static override styles = [
    buttonStyles,
    focusStyles,
    taskCardStyles,
    css`
      :host {
        display: block;
      }
      .columns {
        display: grid;
        grid-auto-flow: column;
        grid-auto-columns: minmax(15rem, 1fr);
        gap: 0.75rem;
        overflow-x: auto;
        padding-bottom: 0.5rem;
        scroll-snap-type: x proximity;
      }
      .column {
        display: flex;
        flex-direction: column;
        gap: 0.5rem;
        min-width: 0;
        padding: 0.5rem;
        background: var(--hive-surface-raised);
        border: 2px solid transparent;
        border-radius: var(--hive-radius);
        scroll-snap-align: start;
      }
      .column[data-accepts] {
        border-color: var(--hive-focus);
        border-style: dashed;
      }
      .column[data-over] {
        border-style: solid;
        background: var(--hive-tone-info-bg);
      }
      .column[data-refuses] {
        opacity: 0.55;
      }
      h2 {
        display: flex;
        align-items: center;
        justify-content: space-between;
        margin: 0;
        padding: 0.25rem 0.375rem;
        font-size: 0.9375rem;
      }
      .count {
        min-width: 1.75rem;
        padding: 0 0.5rem;
        border-radius: 999px;
        background: var(--hive-surface);
        color: var(--hive-text);
        text-align: center;
        font-size: 0.8125rem;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.5rem;
        align-content: start;
      }
      .empty {
        margin: 0;
        padding: 0.75rem 0.375rem;
        color: var(--hive-text-muted);
        font-size: 0.875rem;
      }
      .more-cards {
        justify-self: center;
      }
      [role='tablist'] {
        display: flex;
        gap: 0.25rem;
        overflow-x: auto;
        margin-bottom: 0.75rem;
        padding-bottom: 0.25rem;
        scrollbar-width: thin;
      }
      [role='tab'] {
        flex: none;
        gap: 0.375rem;
        padding: 0 0.75rem;
        border-radius: 999px;
        font-weight: 500;
      }
      [role='tab'][aria-selected='true'],
      [role='tab'][aria-selected='true']:hover:not(:disabled) {
        background: var(--hive-text);
        border-color: var(--hive-text);
        color: var(--hive-surface);
        font-weight: 700;
      }
      [role='tab'][data-accepts] {
        outline: 2px dashed var(--hive-focus);
        outline-offset: 1px;
      }
      [role='tab'][data-over] {
        background: var(--hive-tone-info-bg);
        color: var(--hive-tone-info-fg);
      }
      .drag-hint {
        margin: 0 0 0.5rem;
        color: var(--hive-text-muted);
        font-size: 0.875rem;
      }
    `,
  ];

  @property({ attribute: false }) tasks: readonly Task[] = [];
  /** Operators: drag handles and action menus. */
  @property({ type: Boolean, attribute: 'can-operate' }) canOperate = false;
  /** Tasks with a request on its way. */
  @property({ attribute: false }) busy: ReadonlySet<string> = new Set();
  @property({ attribute: false }) agentNames: ReadonlyMap<string, string> = new Map();
  @property({ type: Number }) now = Date.now();

  /** The column a phone shows; chosen once there are tasks, then the person's choice. */
  @state() private active: ColumnKey | null = null;
  @state() private over: DropPoint | null = null;
  @state() private shown = new Map<ColumnKey, number>();

  @query('hive-task-menu') private menu!: HiveTaskMenu;

  private readonly narrow = new MediaQueryController(this, NARROW_QUERY);
  private readonly drag = new PointerDragController(
    this,
    {
      move: (id, x, y) => (this.over = this.dropPoint(id, x, y)),
      drop: (id, x, y) => this.drop(id, this.dropPoint(id, x, y)),
      cancel: () => (this.over = null),
    },
    () => this.renderRoot.querySelector('.columns'),
  );
  private groups = new Map<ColumnKey, Task[]>();

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('tasks')) this.groups = groupByColumn(this.tasks);
    if (this.active === null && this.tasks.length > 0) {
      this.active = (['running', 'ready', 'pending', 'retrying', 'failed', 'completed', 'cancelled'] as const).find(
        (key) => (this.groups.get(key)?.length ?? 0) > 0,
      )!;
    }
  }

  override render() {
    const dragged = this.draggedTask();
    const narrow = this.narrow.matches;
    const active = BOARD_COLUMNS.find((column) => column.key === (this.active ?? 'ready'))!;
    return html`<section role="region" aria-label="Task board">
      ${this.canOperate
        ? html`<p class="drag-hint">Drag a card by its handle, or use its ⋯ menu, to cancel it, retry it or change its priority.</p>`
        : nothing}
      ${narrow
        ? html`<div role="tablist" aria-label="Columns" @keydown=${this.onTabKey}>
              ${BOARD_COLUMNS.map((column) => this.renderTab(column, column.key === active.key, dragged))}
            </div>
            ${this.renderColumn(active, dragged, true)}`
        : html`<div class="columns">${BOARD_COLUMNS.map((column) => this.renderColumn(column, dragged, false))}</div>`}
      <hive-task-menu @hive-task-move=${this.onMenuMove}></hive-task-menu>
    </section>`;
  }

  private renderTab(column: BoardColumn, selected: boolean, dragged: Task | null): TemplateResult {
    const count = this.groups.get(column.key)?.length ?? 0;
    return html`<button
      type="button"
      role="tab"
      id="tab-${column.key}"
      aria-selected=${selected ? 'true' : 'false'}
      aria-controls="column-${column.key}"
      tabindex=${selected ? '0' : '-1'}
      data-drop=${column.key}
      ?data-accepts=${dragged !== null && accepts(dragged, column)}
      ?data-over=${this.over?.column === column.key && dragged !== null && accepts(dragged, column)}
      @click=${(event: MouseEvent) => this.select(column.key, event.currentTarget as HTMLElement)}
    >
      ${column.label}<span class="count">${count}</span>
    </button>`;
  }

  private renderColumn(column: BoardColumn, dragged: Task | null, asTabPanel: boolean): TemplateResult {
    const tasks = this.groups.get(column.key) ?? [];
    const limit = this.shown.get(column.key) ?? COLUMN_PAGE;
    const visible = tasks.slice(0, limit);
    const accepting = dragged !== null && accepts(dragged, column);
    const overHere = this.over?.column === column.key ? this.over : null;
    // Where a dragged card would land in its own queue: a line before that card.
    const reordering = accepting && overHere !== null && column.statuses.includes(dragged.status) ? overHere.index : null;
    const others = visible.filter((task) => task.id !== dragged?.id);
    const beforeId = reordering !== null ? others[reordering]?.id : undefined;
    return html`<section
      class="column"
      id="column-${column.key}"
      role=${asTabPanel ? 'tabpanel' : 'region'}
      aria-labelledby=${asTabPanel ? `tab-${column.key}` : `heading-${column.key}`}
      data-drop=${column.key}
      ?data-accepts=${accepting}
      ?data-over=${accepting && overHere !== null}
      ?data-refuses=${dragged !== null && !accepting}
    >
      ${asTabPanel
        ? nothing
        : html`<h2 id="heading-${column.key}">${column.label}<span class="count" aria-label="${tasks.length} tasks">${tasks.length}</span></h2>`}
      <ul aria-label="${column.label} tasks">
        ${repeat(
          visible,
          (task) => task.id,
          (task) =>
            renderTaskCard(task, {
              agentNames: this.agentNames,
              now: this.now,
              showStatus: column.statuses.length > 1,
              operable: this.canOperate,
              draggable: this.canOperate && BOARD_COLUMNS.some((target) => accepts(task, target)),
              busy: this.busy.has(task.id),
              dragging: dragged?.id === task.id,
              dropBefore: beforeId === task.id,
              onPress: (event, pressed) => this.drag.press(event, pressed.id, pressed.title),
              onMenu: (event, opened) => void this.menu.openFor(opened, event.currentTarget as HTMLElement),
            }),
        )}
        ${reordering !== null && beforeId === undefined ? html`<li class="drop-end" aria-hidden="true"></li>` : nothing}
      </ul>
      ${tasks.length === 0 ? html`<p class="empty">No tasks.</p>` : nothing}
      ${tasks.length > visible.length
        ? html`<button type="button" class="more-cards" @click=${() => this.showMore(column.key, limit)}>
            Show ${Math.min(COLUMN_PAGE, tasks.length - visible.length)} more
          </button>`
        : nothing}
    </section>`;
  }

  private draggedTask(): Task | null {
    const id = this.drag.dragging;
    return id === null ? null : (this.tasks.find((task) => task.id === id) ?? null);
  }

  /** The column (and place in it) under the pointer. */
  private dropPoint(id: string, x: number, y: number): DropPoint | null {
    const root = this.renderRoot as ShadowRoot;
    const target = root.elementsFromPoint(x, y).find((element): element is HTMLElement => element instanceof HTMLElement && element.dataset['drop'] !== undefined);
    if (!target) return null;
    const column = target.dataset['drop'] as ColumnKey;
    if (!target.classList.contains('column')) return { column, index: null };
    const cards = [...target.querySelectorAll<HTMLElement>('li.card')].filter((card) => card.dataset['taskId'] !== id);
    const index = cards.findIndex((card) => {
      const box = card.getBoundingClientRect();
      return y < box.top + box.height / 2;
    });
    return { column, index: index === -1 ? cards.length : index };
  }

  private drop(id: string, point: DropPoint | null): void {
    this.over = null;
    const task = this.tasks.find((candidate) => candidate.id === id);
    const column = BOARD_COLUMNS.find((candidate) => candidate.key === point?.column);
    if (!task || !column || !point) return;
    const others = (this.groups.get(column.key) ?? []).slice(0, this.shown.get(column.key) ?? COLUMN_PAGE);
    // Over a tab, a move within the task's own queue has no position: nothing to do.
    const move = moveFor(task, column, point.index, others);
    if (move) this.dispatchEvent(new CustomEvent<TaskMoveRequest>(TASK_MOVE_EVENT, { detail: { task, move } }));
  }

  private showMore(key: ColumnKey, limit: number): void {
    this.shown = new Map(this.shown).set(key, limit + COLUMN_PAGE);
  }

  /** The menu's moves leave the board the same way as drops. */
  private readonly onMenuMove = (event: CustomEvent<TaskMoveRequest>): void => {
    this.dispatchEvent(new CustomEvent<TaskMoveRequest>(TASK_MOVE_EVENT, { detail: event.detail }));
  };

  /** Arrow keys move between tabs (roving tabindex), as in any tab list. */
  private readonly onTabKey = (event: KeyboardEvent): void => {
    const keys = BOARD_COLUMNS.map((column) => column.key);
    const current = keys.indexOf(this.active ?? 'ready');
    const next =
      event.key === 'ArrowRight' ? (current + 1) % keys.length
      : event.key === 'ArrowLeft' ? (current - 1 + keys.length) % keys.length
      : event.key === 'Home' ? 0
      : event.key === 'End' ? keys.length - 1
      : null;
    if (next === null) return;
    event.preventDefault();
    const key = keys[next]!;
    this.active = key;
    void this.updateComplete.then(() => {
      const tab = this.renderRoot.querySelector<HTMLElement>(`#tab-${key}`);
      tab?.focus();
      tab?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    });
  };

  private select(key: ColumnKey, tab: HTMLElement): void {
    this.active = key;
    tab.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-task-board': HiveTaskBoard;
  }
}
