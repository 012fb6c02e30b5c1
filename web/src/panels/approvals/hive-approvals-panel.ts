import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import '../../components/hive-coming-soon.js';
import '../../components/hive-page-header.js';

/** Approvals: placeholder until the proposal review flow exists; it shows no data on purpose. */
@customElement('hive-approvals-panel')
export class HiveApprovalsPanel extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
  `;

  override render() {
    return html`<hive-page-header heading="Approvals" description="Changes agents propose, waiting for a person."></hive-page-header>
      <hive-coming-soon>
        <p>This page will list proposed changes to code, prompts and configuration with their diff, risk level and validation result, so an approver can approve, reject or roll them back.</p>
      </hive-coming-soon>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-approvals-panel': HiveApprovalsPanel;
  }
}
