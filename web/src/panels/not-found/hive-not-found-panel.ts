import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import '../../components/hive-empty-state.js';
import '../../components/hive-page-header.js';
import { buttonStyles } from '../../styles/shared-styles.js';

/** A URL that matches no page (an old bookmark, a typo). */
@customElement('hive-not-found-panel')
export class HiveNotFoundPanel extends LitElement {
  static override styles = [
    buttonStyles,
    css`
      :host {
        display: block;
      }
    `,
  ];

  @property() path = '';

  override render() {
    return html`<hive-page-header heading="Page not found"></hive-page-header>
      <hive-empty-state heading="There is no page at ${this.path}" icon="alert">
        <p>The link may be old or mistyped. Pick a page from the menu, or go to the overview.</p>
        <a slot="actions" class="button" href="/">Go to the overview</a>
      </hive-empty-state>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-not-found-panel': HiveNotFoundPanel;
  }
}
