import { LitElement, type PropertyValues, css, html } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { buttonStyles } from '../styles/shared-styles.js';
import './hive-icon.js';
import './hive-logo.js';

export const DRAWER_CLOSE_EVENT = 'hive-drawer-close';

/**
 * A side sheet for the navigation on narrow screens. Built on a modal <dialog>, which
 * gives focus trapping, Escape to close and an inert page behind it for free.
 */
@customElement('hive-drawer')
export class HiveDrawer extends LitElement {
  static override styles = [
    buttonStyles,
    css`
      dialog {
        position: fixed;
        inset: 0 auto 0 0;
        width: min(300px, 85vw);
        max-width: none;
        height: 100%;
        max-height: none;
        margin: 0;
        padding: 0;
        border: none;
        border-right: 1px solid var(--hive-border);
        background: var(--hive-surface);
        color: var(--hive-text);
        box-shadow: var(--hive-shadow);
      }
      dialog[open] {
        animation: slide-in 160ms ease-out;
      }
      dialog::backdrop {
        background: var(--hive-scrim);
      }
      header {
        display: flex;
        align-items: center;
        justify-content: space-between;
        padding: 0.375rem 0.5rem 0.375rem 1rem;
        border-bottom: 1px solid var(--hive-border);
      }
      @keyframes slide-in {
        from {
          transform: translateX(-100%);
        }
      }
    `,
  ];

  @property({ type: Boolean, reflect: true }) open = false;
  @property() label = 'Menu';

  @query('dialog') private dialog!: HTMLDialogElement;

  override updated(changed: PropertyValues<this>): void {
    if (!changed.has('open')) return;
    if (this.open && !this.dialog.open) this.dialog.showModal();
    if (!this.open && this.dialog.open) this.dialog.close();
  }

  override render() {
    return html`<dialog aria-label=${this.label} @close=${this.onClose} @click=${this.onClick}>
      <header>
        <hive-logo with-name></hive-logo>
        <button type="button" class="quiet icon-only" aria-label="Close menu" @click=${this.requestClose}>
          <hive-icon name="close"></hive-icon>
        </button>
      </header>
      <slot></slot>
    </dialog>`;
  }

  private requestClose(): void {
    this.dialog.close();
  }

  /** A click on the backdrop lands on the <dialog> itself, outside its content box. */
  private onClick(event: MouseEvent): void {
    if (event.target !== this.dialog) return;
    const box = this.dialog.getBoundingClientRect();
    const inside =
      event.clientX >= box.left && event.clientX <= box.right && event.clientY >= box.top && event.clientY <= box.bottom;
    if (!inside) this.dialog.close();
  }

  /** Fired for Escape, the close button and the backdrop alike. */
  private onClose(): void {
    if (this.open) this.dispatchEvent(new CustomEvent(DRAWER_CLOSE_EVENT));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-drawer': HiveDrawer;
  }
  interface HTMLElementEventMap {
    [DRAWER_CLOSE_EVENT]: CustomEvent<void>;
  }
}
