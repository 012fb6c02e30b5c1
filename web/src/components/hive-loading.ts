import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';

/** A spinner with words, announced politely to screen readers. */
@customElement('hive-loading')
export class HiveLoading extends LitElement {
  static override styles = css`
    :host {
      display: flex;
      align-items: center;
      justify-content: center;
      gap: 0.75rem;
      padding: 2rem 1rem;
      color: var(--hive-text-muted);
    }
    .spinner {
      width: 1.25rem;
      height: 1.25rem;
      border: 3px solid var(--hive-border);
      border-top-color: var(--hive-brand);
      border-radius: 50%;
      animation: spin 0.8s linear infinite;
    }
    @keyframes spin {
      to {
        transform: rotate(1turn);
      }
    }
  `;

  @property() label = 'Loading…';

  override render() {
    return html`<div class="spinner" aria-hidden="true"></div>
      <span role="status">${this.label}</span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-loading': HiveLoading;
  }
}
