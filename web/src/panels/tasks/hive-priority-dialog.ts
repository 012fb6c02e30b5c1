import { LitElement, css, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { buttonStyles, dialogStyles, formStyles } from '../../styles/shared-styles.js';
import { showModal } from '../../components/show-modal.js';

/**
 * "Set priority" for a task, as a modal <dialog> with a number field: the keyboard
 * alternative to dragging a card up or down its queue. Use `askPriority()`.
 */
@customElement('hive-priority-dialog')
export class HivePriorityDialog extends LitElement {
  static override styles = [
    buttonStyles,
    formStyles,
    dialogStyles,
    css`
      p {
        margin: 0 0 1rem;
        color: var(--hive-text-muted);
        overflow-wrap: anywhere;
      }
      .field {
        margin-bottom: 1.25rem;
      }
    `,
  ];

  @property() taskTitle = '';
  @property({ type: Number }) priority = 50;
  @state() private invalid = false;

  @query('dialog') private dialog!: HTMLDialogElement;
  @query('input') private input!: HTMLInputElement;

  /** Shows the dialog; resolves with the new priority, or null when cancelled. */
  async ask(): Promise<number | null> {
    await this.updateComplete;
    return new Promise((resolve) => {
      this.dialog.addEventListener(
        'close',
        () => resolve(this.dialog.returnValue === 'save' ? Number(this.input.value) : null),
        { once: true },
      );
      this.dialog.returnValue = '';
      this.dialog.showModal();
      this.input.select();
    });
  }

  override render() {
    return html`<dialog aria-labelledby="heading">
      <form method="dialog" @submit=${this.onSubmit}>
        <h2 id="heading">Set priority</h2>
        <p>“${this.taskTitle}”: ready tasks are handed out highest priority first.</p>
        <div class="field">
          <label for="priority">Priority</label>
          <input
            id="priority"
            type="number"
            inputmode="numeric"
            min="0"
            max="100"
            step="1"
            required
            .value=${String(this.priority)}
            aria-invalid=${this.invalid ? 'true' : 'false'}
            aria-describedby="priority-hint"
          />
          <span class=${this.invalid ? 'field-error' : 'hint'} id="priority-hint">A whole number from 0 (lowest) to 100 (highest).</span>
        </div>
        <div class="actions">
          <button type="submit" value="cancel" formnovalidate>Cancel</button>
          <button type="submit" value="save" class="primary">Save priority</button>
        </div>
      </form>
    </dialog>`;
  }

  private onSubmit(event: SubmitEvent): void {
    const submitter = event.submitter as HTMLButtonElement | null;
    if (submitter?.value !== 'save') return;
    const value = Number(this.input.value);
    this.invalid = !(Number.isInteger(value) && value >= 0 && value <= 100);
    if (this.invalid) event.preventDefault();
  }
}

/** Asks for a task's new priority in a modal dialog; null when the person cancelled. */
export async function askPriority(taskTitle: string, priority: number): Promise<number | null> {
  return showModal(Object.assign(document.createElement('hive-priority-dialog'), { taskTitle, priority }));
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-priority-dialog': HivePriorityDialog;
  }
}
