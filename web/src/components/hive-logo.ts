import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { visuallyHiddenStyles } from '../styles/shared-styles.js';

/** The Hive mark (same geometry as the PWA icons) with the word beside it. */
@customElement('hive-logo')
export class HiveLogo extends LitElement {
  static override styles = [
    visuallyHiddenStyles,
    css`
    :host {
      display: inline-flex;
      align-items: center;
      gap: 0.5rem;
      font-weight: 750;
      font-size: 1.125rem;
      letter-spacing: 0.01em;
      color: var(--hive-text);
    }
    svg {
      width: var(--hive-logo-size, 28px);
      height: var(--hive-logo-size, 28px);
      flex: none;
    }
  `,
  ];

  /** Show the word "Hive" next to the mark. */
  @property({ type: Boolean, attribute: 'with-name' }) withName = false;

  override render() {
    return html`<svg viewBox="0 0 64 64" aria-hidden="true" focusable="false">
        <polygon fill="#f59e0b" points="32,2 57.98,17 57.98,47 32,62 6.02,47 6.02,17" />
        <polygon fill="#1c1917" points="32,12.2 49.15,22.1 49.15,41.9 32,51.8 14.85,41.9 14.85,22.1" />
        <polygon fill="#f59e0b" points="32,19.4 42.91,25.7 42.91,38.3 32,44.6 21.09,38.3 21.09,25.7" /></svg
      >${this.withName ? html`<span>Hive</span>` : html`<span class="visually-hidden">Hive</span>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-logo': HiveLogo;
  }
}
