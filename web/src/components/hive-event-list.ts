import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { DomainEvent } from '../api/types.js';
import { renderTimeAgo } from '../format/time.js';

/** Domain events as a compact log: type, subject, who did it and when. */
@customElement('hive-event-list')
export class HiveEventList extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    ol {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    li {
      display: grid;
      grid-template-columns: minmax(0, 1fr) auto;
      gap: 0 1rem;
      padding: 0.5rem 0;
      border-bottom: 1px solid var(--hive-border);
    }
    li:last-child {
      border-bottom: none;
    }
    .type {
      font-family: var(--hive-mono);
      font-size: 0.875rem;
      font-weight: 600;
    }
    time,
    .detail {
      color: var(--hive-text-muted);
      font-size: 0.8125rem;
    }
    .detail {
      grid-column: 1 / -1;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
  `;

  @property({ attribute: false }) events: readonly DomainEvent[] = [];

  override render() {
    const now = Date.now();
    return html`<ol aria-label="Events, newest first">
      ${repeat(
        this.events,
        (event) => event.seq,
        (event) => html`<li>
          <span class="type">${event.type}</span>
          ${renderTimeAgo(event.createdAt, now)}
          <span class="detail">#${event.seq} · ${event.subject} · by ${event.actor}</span>
        </li>`,
      )}
    </ol>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-event-list': HiveEventList;
  }
}
