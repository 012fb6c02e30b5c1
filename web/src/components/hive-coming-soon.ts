import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import './hive-icon.js';

/**
 * Placeholder for a panel whose feature is not built yet. It says so plainly and
 * describes what will be here; it never shows sample data.
 */
@customElement('hive-coming-soon')
export class HiveComingSoon extends LitElement {
  static override styles = css`
    :host {
      display: grid;
      justify-items: start;
      gap: 0.5rem;
      padding: 1.5rem;
      border: 1px dashed var(--hive-border-strong);
      border-radius: var(--hive-radius);
      background: var(--hive-surface);
    }
    .badge {
      display: inline-flex;
      align-items: center;
      gap: 0.375rem;
      padding: 0.125rem 0.625rem;
      border-radius: 999px;
      background: var(--hive-tone-warning-bg);
      color: var(--hive-tone-warning-fg);
      font-size: 0.8125rem;
      font-weight: 600;
    }
    hive-icon {
      --hive-icon-size: 16px;
    }
    h2 {
      margin: 0;
      font-size: 1.125rem;
    }
    ::slotted(*) {
      margin: 0;
      color: var(--hive-text-muted);
      max-width: 40rem;
    }
  `;

  @property() heading = 'Coming in a later release';

  override render() {
    return html`<span class="badge"><hive-icon name="clock"></hive-icon>Not available yet</span>
      <h2>${this.heading}</h2>
      <slot></slot>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-coming-soon': HiveComingSoon;
  }
}
