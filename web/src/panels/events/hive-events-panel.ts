import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import '../../components/hive-coming-soon.js';
import '../../components/hive-page-header.js';

/** Events: placeholder until the live event stream exists; it shows no data on purpose. */
@customElement('hive-events-panel')
export class HiveEventsPanel extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
  `;

  override render() {
    return html`<hive-page-header heading="Events" description="Everything that happens, as it happens."></hive-page-header>
      <hive-coming-soon>
        <p>This page will stream domain events live as they happen, with filters by type and subject. Until then, the Overview lists the latest events.</p>
      </hive-coming-soon>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-events-panel': HiveEventsPanel;
  }
}
