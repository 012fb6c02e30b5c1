import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import '../../components/hive-coming-soon.js';
import '../../components/hive-page-header.js';

/** Context: placeholder until the context store views exist; it shows no data on purpose. */
@customElement('hive-context-panel')
export class HiveContextPanel extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
  `;

  override render() {
    return html`<hive-page-header heading="Context" description="What the fleet remembers."></hive-page-header>
      <hive-coming-soon>
        <p>This page will let you search and browse the shared context store: the notes, decisions and documents agents save and recall while they work.</p>
      </hive-coming-soon>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-context-panel': HiveContextPanel;
  }
}
