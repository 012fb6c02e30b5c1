import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { ApiRequestError, describeError } from '../api/client.js';
import { buttonStyles } from '../styles/shared-styles.js';
import './hive-icon.js';

export const RETRY_EVENT = 'hive-retry';

/** A failed load: what failed, why (the hub's message), and a Retry button. */
@customElement('hive-error-state')
export class HiveErrorState extends LitElement {
  static override styles = [
    buttonStyles,
    css`
      :host {
        display: grid;
        justify-items: center;
        gap: 0.5rem;
        padding: 2rem 1rem;
        text-align: center;
        border: 1px solid var(--hive-tone-danger-bg);
        border-radius: var(--hive-radius);
        background: var(--hive-surface);
      }
      .symbol {
        --hive-icon-size: 32px;
        color: var(--hive-tone-danger-fg);
      }
      h2 {
        margin: 0;
        font-size: 1.125rem;
      }
      p {
        margin: 0;
        max-width: 36rem;
        color: var(--hive-text-muted);
        overflow-wrap: anywhere;
      }
      .code {
        font-family: var(--hive-mono);
        font-size: 0.8125rem;
      }
    `,
  ];

  @property() heading = 'Something went wrong';
  @property({ attribute: false }) error: unknown;

  override render() {
    const error = this.error;
    const httpError = error instanceof ApiRequestError && error.status > 0 ? error : null;
    const unreachable = error instanceof ApiRequestError && error.code === 'NETWORK';
    return html`<hive-icon class="symbol" name=${unreachable ? 'offline' : 'alert'}></hive-icon>
      <h2>${this.heading}</h2>
      <p role="alert">${describeError(error)}</p>
      ${httpError ? html`<p class="code">${httpError.code} (HTTP ${httpError.status})</p>` : nothing}
      <button type="button" @click=${this.retry}><hive-icon name="refresh"></hive-icon>Retry</button>`;
  }

  private retry(): void {
    this.dispatchEvent(new CustomEvent(RETRY_EVENT));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-error-state': HiveErrorState;
  }
  interface HTMLElementEventMap {
    [RETRY_EVENT]: CustomEvent<void>;
  }
}
