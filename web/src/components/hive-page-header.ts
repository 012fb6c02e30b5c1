import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';

/** A panel's title (the page's only h1), a one-line description and its actions. */
@customElement('hive-page-header')
export class HivePageHeader extends LitElement {
  static override styles = css`
    :host {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-end;
      justify-content: space-between;
      gap: 0.75rem 1rem;
      margin-bottom: 1.25rem;
    }
    h1 {
      margin: 0;
      font-size: 1.5rem;
      line-height: 1.25;
    }
    p {
      margin: 0.25rem 0 0;
      color: var(--hive-text-muted);
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
    }
  `;

  @property() heading = '';
  @property() description = '';

  override render() {
    return html`<div>
        <h1>${this.heading}</h1>
        ${this.description ? html`<p>${this.description}</p>` : nothing}
      </div>
      <div class="actions"><slot name="actions"></slot></div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-page-header': HivePageHeader;
  }
}
