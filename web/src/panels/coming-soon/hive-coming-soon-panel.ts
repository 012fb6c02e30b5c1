import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import '../../components/hive-coming-soon.js';
import '../../components/hive-page-header.js';

interface UpcomingPanel {
  heading: string;
  description: string;
  /** What the page will do, in one paragraph. */
  plan: string;
}

/** The panels whose feature is not built yet, and what each will show. */
const UPCOMING = {
  context: {
    heading: 'Context',
    description: 'What the fleet remembers.',
    plan: 'This page will let you search and browse the shared context store: the notes, decisions and documents agents save and recall while they work.',
  },
} satisfies Record<string, UpcomingPanel>;

export type UpcomingFeature = keyof typeof UPCOMING;

/**
 * The page of a feature that is not built yet (today: Context): its
 * header and a "Coming in a later release" note saying what it will do. It shows no
 * data on purpose; when a feature ships, its route gets a real panel of its own.
 */
@customElement('hive-coming-soon-panel')
export class HiveComingSoonPanel extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
  `;

  @property() feature: UpcomingFeature = 'context';

  override render() {
    const { heading, description, plan } = UPCOMING[this.feature];
    return html`<hive-page-header heading=${heading} description=${description}></hive-page-header>
      <hive-coming-soon>
        <p>${plan}</p>
      </hive-coming-soon>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-coming-soon-panel': HiveComingSoonPanel;
  }
}
