import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { DomainEvent } from '../api/types.js';
import { EVENT_TYPE_LABELS, describeActor, eventSummary, shortSubject } from '../format/events.js';
import { renderTimeAgo } from '../format/time.js';

/** Domain events as a compact log, newest first: what happened, to what, by whom and when. */
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
  /** Names agents in "by …" (e.g. from the fleet collection); ids are shortened otherwise. */
  @property({ attribute: false }) agentName: (id: string) => string | undefined = () => undefined;
  @property({ type: Number }) now = Date.now();

  override render() {
    return html`<ol aria-label="Events, newest first">
      ${repeat(
        this.events,
        (event) => event.seq,
        (event) => {
          const summary = eventSummary(event);
          return html`<li>
            <span class="type">${EVENT_TYPE_LABELS[event.type] ?? event.type}</span>
            ${renderTimeAgo(event.createdAt, this.now)}
            <span class="detail" title=${event.subject}>
              ${summary || shortSubject(event.subject)} · by ${describeActor(event.actor, this.agentName)}
            </span>
          </li>`;
        },
      )}
    </ol>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-event-list': HiveEventList;
  }
}
