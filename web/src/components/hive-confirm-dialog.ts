import { LitElement, css, html } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { buttonStyles, dialogStyles } from '../styles/shared-styles.js';
import { showModal } from './show-modal.js';

export interface ConfirmOptions {
  heading: string;
  message: string;
  /** The button that goes ahead, e.g. "Revoke token". */
  confirmLabel: string;
  /** Red button: the action cannot be undone or cuts someone off. */
  danger?: boolean;
}

/**
 * "Are you sure?" as a modal <dialog>: focus is trapped in it, Escape cancels, and focus
 * returns to the control that opened it. Cancel has the focus first, so a stray Enter
 * never confirms. Use `confirmAction()`, which resolves true only for the confirm button.
 */
@customElement('hive-confirm-dialog')
export class HiveConfirmDialog extends LitElement {
  static override styles = [
    buttonStyles,
    dialogStyles,
    css`
      p {
        margin: 0 0 1.25rem;
        color: var(--hive-text-muted);
        overflow-wrap: anywhere;
      }
    `,
  ];

  @property() heading = '';
  @property() message = '';
  @property() confirmLabel = 'Confirm';
  @property({ type: Boolean }) danger = false;

  @query('dialog') private dialog!: HTMLDialogElement;

  /** Shows the dialog; resolves with whether the person confirmed. */
  async ask(): Promise<boolean> {
    await this.updateComplete;
    return new Promise((resolve) => {
      this.dialog.addEventListener('close', () => resolve(this.dialog.returnValue === 'confirm'), { once: true });
      this.dialog.returnValue = '';
      this.dialog.showModal();
    });
  }

  override render() {
    return html`<dialog aria-labelledby="heading" aria-describedby="message">
      <form method="dialog">
        <h2 id="heading">${this.heading}</h2>
        <p id="message">${this.message}</p>
        <div class="actions">
          <button type="submit" value="cancel" autofocus>Cancel</button>
          <button type="submit" value="confirm" class=${this.danger ? 'danger' : 'primary'}>${this.confirmLabel}</button>
        </div>
      </form>
    </dialog>`;
  }
}

/** Asks for confirmation in a modal dialog; true when the person confirmed. */
export async function confirmAction(options: ConfirmOptions): Promise<boolean> {
  return showModal(Object.assign(document.createElement('hive-confirm-dialog'), options));
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-confirm-dialog': HiveConfirmDialog;
  }
}
