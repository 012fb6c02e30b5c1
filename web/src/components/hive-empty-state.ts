import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { IconName } from './hive-icon.js';
import './hive-icon.js';

/** "Nothing here yet" with a hint (default slot) and optional actions (slot "actions"). */
@customElement('hive-empty-state')
export class HiveEmptyState extends LitElement {
  static override styles = css`
    :host {
      display: grid;
      justify-items: center;
      gap: 0.5rem;
      padding: 2.5rem 1rem;
      text-align: center;
      color: var(--hive-text-muted);
      border: 1px dashed var(--hive-border-strong);
      border-radius: var(--hive-radius);
    }
    .symbol {
      --hive-icon-size: 36px;
    }
    h2 {
      margin: 0;
      font-size: 1.125rem;
      color: var(--hive-text);
    }
    ::slotted(p) {
      margin: 0;
      max-width: 36rem;
    }
    .actions {
      display: flex;
      gap: 0.75rem;
      margin-top: 0.5rem;
    }
  `;

  @property() heading = '';
  @property() icon: IconName = 'inbox';

  override render() {
    return html`<hive-icon class="symbol" name=${this.icon}></hive-icon>
      <h2>${this.heading}</h2>
      <slot></slot>
      <div class="actions"><slot name="actions"></slot></div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-empty-state': HiveEmptyState;
  }
}
