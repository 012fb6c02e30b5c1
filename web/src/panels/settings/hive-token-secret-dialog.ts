import { LitElement, type PropertyValues, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { CreatedToken } from '../../api/types.js';
import '../../components/hive-alert.js';
import '../../components/hive-icon.js';
import { buttonStyles, dialogStyles, formStyles } from '../../styles/shared-styles.js';

export const SECRET_DISMISSED_EVENT = 'hive-secret-dismissed';

/**
 * The one time a new token's secret is shown: a modal dialog with the secret, a Copy
 * button and a plain warning that it cannot be shown again (the hub keeps only a hash).
 * Closing it (Done or Escape) fires SECRET_DISMISSED_EVENT; the owner then drops the
 * secret, so it does not linger in memory or in the page.
 */
@customElement('hive-token-secret-dialog')
export class HiveTokenSecretDialog extends LitElement {
  static override styles = [
    buttonStyles,
    formStyles,
    dialogStyles,
    css`
      hive-alert {
        margin: 0.75rem 0 1rem;
      }
      .secret {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      .secret input {
        flex: 1 1 14rem;
        font-family: var(--hive-mono);
        font-size: 0.875rem;
      }
      .copy-status {
        min-height: 1.5rem;
        margin: 0.5rem 0 1rem;
        font-size: 0.875rem;
        color: var(--hive-text-muted);
      }
    `,
  ];

  /** The token just created, with its secret; null closes the dialog. */
  @property({ attribute: false }) token: CreatedToken | null = null;

  @state() private copyStatus = '';
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('#token-secret') private input!: HTMLInputElement;

  override updated(changed: PropertyValues<this>): void {
    if (!changed.has('token')) return;
    if (this.token && !this.dialog.open) {
      this.copyStatus = '';
      this.dialog.showModal();
      this.input.select();
    }
    if (!this.token && this.dialog.open) this.dialog.close();
  }

  override render() {
    const token = this.token;
    return html`<dialog aria-labelledby="secret-heading" @close=${this.onClose}>
      ${token
        ? html`<h2 id="secret-heading">Copy your new token</h2>
            <hive-alert tone="warning">
              This is the only time Hive shows the token “${token.name}”. Copy it now and keep it somewhere safe: Hive stores
              only a hash of it and cannot show it again. If you lose it, revoke it and create a new one.
            </hive-alert>
            <div class="field">
              <label for="token-secret">Token</label>
              <div class="secret">
                <input id="token-secret" readonly .value=${token.token} spellcheck="false" autocomplete="off" @focus=${this.selectAll} />
                <button type="button" class="primary" @click=${this.copy}><hive-icon name="copy"></hive-icon>Copy</button>
              </div>
            </div>
            <p class="copy-status" role="status">${this.copyStatus}</p>
            <form method="dialog" class="actions">
              <button type="submit">Done</button>
            </form>`
        : nothing}
    </dialog>`;
  }

  private selectAll(event: FocusEvent): void {
    (event.target as HTMLInputElement).select();
  }

  private async copy(): Promise<void> {
    const secret = this.token?.token;
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret);
      this.copyStatus = 'Copied to the clipboard.';
    } catch {
      // No clipboard access (permissions, an old browser): leave it selected for Ctrl+C.
      this.input.focus();
      this.input.select();
      this.copyStatus = "Couldn't copy automatically. The token is selected: copy it with Ctrl+C or ⌘C.";
    }
  }

  private onClose(): void {
    this.copyStatus = '';
    this.dispatchEvent(new CustomEvent(SECRET_DISMISSED_EVENT));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-token-secret-dialog': HiveTokenSecretDialog;
  }
  interface HTMLElementEventMap {
    [SECRET_DISMISSED_EVENT]: CustomEvent<void>;
  }
}
