import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import '../../components/hive-coming-soon.js';
import '../../components/hive-page-header.js';

/** Cluster: placeholder until the runtime views exist; it shows no data on purpose. */
@customElement('hive-cluster-panel')
export class HiveClusterPanel extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
  `;

  override render() {
    return html`<hive-page-header heading="Cluster" description="Where agents run: hosts, containers and pods."></hive-page-header>
      <hive-coming-soon>
        <p>This page will show the runtimes agents run in — local processes, Docker hosts and Kubernetes pods — with their capacity, health and the agents placed on each.</p>
      </hive-coming-soon>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-cluster-panel': HiveClusterPanel;
  }
}
