import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import type { Task } from '../../api/types.js';
import type { TaskMove } from '../../controllers/task-actions-controller.js';
import { taskMoves } from '../../state/task-transitions.js';
import { focusStyles } from '../../styles/shared-styles.js';
import { askPriority } from './hive-priority-dialog.js';

export const TASK_MOVE_EVENT = 'hive-task-move';

export interface TaskMoveRequest {
  task: Task;
  move: TaskMove;
}

/** How far the menu's buttons raise or lower a priority. */
const PRIORITY_STEP = 10;

/**
 * The actions of one task card as a menu (the keyboard's and screen reader's way to do
 * what dragging does): open the task, retry it onto Ready, raise, lower or set its
 * priority, cancel it. Only the moves its status allows are listed. A popover, so the
 * board's scrolling columns do not clip it; arrow keys move between items, Escape closes.
 */
@customElement('hive-task-menu')
export class HiveTaskMenu extends LitElement {
  static override styles = [
    focusStyles,
    css`
      [popover] {
        position: fixed;
        inset: auto;
        margin: 0;
        min-width: 15rem;
        max-width: calc(100vw - 1rem);
        padding: 0.375rem;
        border: 1px solid var(--hive-border-strong);
        border-radius: var(--hive-radius-small);
        background: var(--hive-surface);
        color: var(--hive-text);
        box-shadow: var(--hive-shadow);
      }
      [role='menuitem'] {
        display: flex;
        align-items: center;
        width: 100%;
        min-height: var(--hive-touch);
        padding: 0 0.75rem;
        border: none;
        border-radius: 4px;
        background: transparent;
        color: inherit;
        font: inherit;
        text-align: left;
        text-decoration: none;
        cursor: pointer;
        box-sizing: border-box;
      }
      [role='menuitem']:hover,
      [role='menuitem']:focus-visible {
        background: var(--hive-surface-raised);
      }
      [role='menuitem'].danger {
        color: var(--hive-tone-danger-fg);
      }
      [role='separator'] {
        margin: 0.25rem 0;
        border-top: 1px solid var(--hive-border);
      }
    `,
  ];

  @property({ attribute: false }) task: Task | null = null;

  @query('[popover]') private menuBox!: HTMLElement;
  private anchor: HTMLElement | null = null;

  /** Opens the menu for `task` under `anchor` (the card's menu button), focus on its first item. */
  async openFor(task: Task, anchor: HTMLElement): Promise<void> {
    this.task = task;
    this.anchor = anchor;
    await this.updateComplete;
    this.menuBox.showPopover();
    anchor.setAttribute('aria-expanded', 'true');
    const box = anchor.getBoundingClientRect();
    const menu = this.menuBox.getBoundingClientRect();
    const left = Math.max(8, Math.min(box.right - menu.width, window.innerWidth - menu.width - 8));
    const below = box.bottom + 4;
    const top = below + menu.height > window.innerHeight - 8 ? Math.max(8, box.top - menu.height - 4) : below;
    this.menuBox.style.left = `${left}px`;
    this.menuBox.style.top = `${top}px`;
    this.items()[0]?.focus();
  }

  override render() {
    const task = this.task;
    const moves = task ? taskMoves(task.status) : null;
    return html`<div popover="auto" role="menu" aria-label=${task ? `Actions for “${task.title}”` : 'Task actions'} @keydown=${this.onKey} @toggle=${this.onToggle}>
      ${task && moves
        ? html`<a role="menuitem" href="/tasks/${task.id}" @click=${() => this.close(false)}>Open the task's page</a>
            ${moves.retry ? html`<button role="menuitem" @click=${() => this.emit({ kind: 'retry' })}>Retry: move to Ready</button>` : nothing}
            ${moves.reprioritise
              ? html`<div role="separator"></div>
                  <button role="menuitem" ?disabled=${task.priority >= 100} @click=${() => this.emit({ kind: 'priority', priority: Math.min(100, task.priority + PRIORITY_STEP) })}>
                    Raise priority (${task.priority} → ${Math.min(100, task.priority + PRIORITY_STEP)})
                  </button>
                  <button role="menuitem" ?disabled=${task.priority <= 0} @click=${() => this.emit({ kind: 'priority', priority: Math.max(0, task.priority - PRIORITY_STEP) })}>
                    Lower priority (${task.priority} → ${Math.max(0, task.priority - PRIORITY_STEP)})
                  </button>
                  <button role="menuitem" @click=${this.setPriority}>Set priority…</button>`
              : nothing}
            ${moves.cancel
              ? html`<div role="separator"></div>
                  <button role="menuitem" class="danger" @click=${() => this.emit({ kind: 'cancel' })}>Cancel: move to Cancelled…</button>`
              : nothing}`
        : nothing}
    </div>`;
  }

  private items(): HTMLElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLElement>('[role="menuitem"]:not([disabled])')];
  }

  private readonly setPriority = async (): Promise<void> => {
    const task = this.task;
    if (!task) return;
    this.close(true);
    const priority = await askPriority(task.title, task.priority);
    if (priority !== null) this.dispatchEvent(new CustomEvent<TaskMoveRequest>(TASK_MOVE_EVENT, { detail: { task, move: { kind: 'priority', priority } } }));
  };

  private emit(move: TaskMove): void {
    const task = this.task;
    if (!task) return;
    this.close(true);
    this.dispatchEvent(new CustomEvent<TaskMoveRequest>(TASK_MOVE_EVENT, { detail: { task, move } }));
  }

  /** Closes the menu; focus goes back to the button that opened it unless a link is being followed. */
  private close(refocus: boolean): void {
    if (this.menuBox.matches(':popover-open')) this.menuBox.hidePopover();
    if (refocus) this.anchor?.focus();
  }

  private readonly onToggle = (event: ToggleEvent): void => {
    if (event.newState === 'closed') this.anchor?.setAttribute('aria-expanded', 'false');
  };

  private readonly onKey = (event: KeyboardEvent): void => {
    const items = this.items();
    const current = items.indexOf(this.renderRoot.querySelector<HTMLElement>(':focus') ?? items[0]!);
    let next: number | null = null;
    if (event.key === 'ArrowDown') next = (current + 1) % items.length;
    else if (event.key === 'ArrowUp') next = (current - 1 + items.length) % items.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = items.length - 1;
    else if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault();
      this.close(true);
      return;
    }
    if (next === null) return;
    event.preventDefault();
    items[next]?.focus();
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-task-menu': HiveTaskMenu;
  }
  interface HTMLElementEventMap {
    [TASK_MOVE_EVENT]: CustomEvent<TaskMoveRequest>;
  }
}
