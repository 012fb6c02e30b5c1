import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { staleSince } from '../api/response-cache.js';
import { formatDateTime } from '../format/time.js';
import './hive-alert.js';

/**
 * "Offline — showing data from <time>" above data that came from the response cache
 * because the hub could not be reached. Renders nothing for live data, so a panel can
 * always place it above what it loaded: `<hive-stale-notice .data=${page}>`.
 */
@customElement('hive-stale-notice')
export class HiveStaleNotice extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    :host([hidden]) {
      display: none;
    }
    hive-alert {
      margin-bottom: 1rem;
    }
  `;

  /** What the panel is showing: an answer of `apiRequest` (the REST client). */
  @property({ attribute: false }) data: unknown;
  /** Or the time itself, for data built from such answers (a live collection's `staleSince`). */
  @property({ attribute: false }) since: Date | null = null;

  override willUpdate(): void {
    this.hidden = this.staleTime() === null;
  }

  override render() {
    const since = this.staleTime();
    if (!since) return nothing;
    return html`<hive-alert tone="warning" icon="offline">
      Offline — showing data from <time datetime=${since.toISOString()}>${formatDateTime(since.toISOString())}</time>.
      It will refresh when the connection returns.
    </hive-alert>`;
  }

  private staleTime(): Date | null {
    return this.since ?? staleSince(this.data);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-stale-notice': HiveStaleNotice;
  }
}
