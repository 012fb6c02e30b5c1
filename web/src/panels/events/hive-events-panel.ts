import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { DomainEvent, EventType } from '../../api/types.js';
import '../../components/hive-empty-state.js';
import '../../components/hive-error-state.js';
import '../../components/hive-follow-bar.js';
import '../../components/hive-list-filters.js';
import '../../components/hive-loading.js';
import '../../components/hive-page-header.js';
import { ClockController } from '../../controllers/clock-controller.js';
import { FollowScrollController } from '../../controllers/follow-scroll-controller.js';
import { LiveController } from '../../controllers/live-controller.js';
import { EVENT_TYPES, EVENT_TYPE_LABELS, describeActor, eventSummary, shortSubject, subjectHref } from '../../format/events.js';
import { formatDateTime, renderTimeAgo } from '../../format/time.js';
import { navigate, withQuery } from '../../router/navigation.js';
import { fleetSpec } from '../../state/agents.js';
import { EVENT_FEED_LIMIT, eventFeedSpec, eventsSpec } from '../../state/events.js';
import { buttonStyles, focusStyles } from '../../styles/shared-styles.js';

const PATH = '/events';

/**
 * The domain event log, live: every change in the fleet as it commits, oldest at the top
 * and the newest at the bottom, which the view follows until the reader scrolls up (then
 * "N new events" brings them back). Filtered by type (on the hub) and by any text of the
 * subject, actor or summary (here), both kept in the URL.
 */
@customElement('hive-events-panel')
export class HiveEventsPanel extends LitElement {
  static override styles = [
    buttonStyles,
    focusStyles,
    css`
      :host {
        display: block;
      }
      .bar {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 0.5rem;
        margin-bottom: 0.5rem;
      }
      .count {
        color: var(--hive-text-muted);
        font-size: 0.875rem;
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0 0.75rem;
        height: max(18rem, calc(100dvh - 22rem));
        overflow-y: auto;
        background: var(--hive-surface);
        border: 1px solid var(--hive-border);
        border-radius: var(--hive-radius);
      }
      li {
        display: grid;
        grid-template-columns: minmax(0, 1fr) auto;
        gap: 0 0.75rem;
        padding: 0.375rem 0;
        border-bottom: 1px solid var(--hive-border);
      }
      li:last-child {
        border-bottom: none;
      }
      .type {
        font-weight: 650;
      }
      .seq {
        color: var(--hive-text-muted);
        font-family: var(--hive-mono);
        font-size: 0.8125rem;
        font-weight: 400;
      }
      time,
      .by {
        color: var(--hive-text-muted);
        font-size: 0.8125rem;
      }
      .detail {
        grid-column: 1 / -1;
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0 0.75rem;
        min-width: 0;
        font-size: 0.875rem;
      }
      .detail a {
        display: inline-flex;
        align-items: center;
        min-height: var(--hive-touch);
        min-width: var(--hive-touch);
        color: var(--hive-link);
        font-family: var(--hive-mono);
        font-size: 0.8125rem;
        overflow-wrap: anywhere;
      }
      .subject {
        font-family: var(--hive-mono);
        font-size: 0.8125rem;
        overflow-wrap: anywhere;
      }
      .summary {
        overflow-wrap: anywhere;
      }
      .placeholder {
        padding: 1rem 0;
        color: var(--hive-text-muted);
      }
    `,
  ];

  /** The URL's query parameters, from the router. */
  @property({ attribute: false }) query = new URLSearchParams();

  private readonly feed = new LiveController(this, () => {
    const type = this.type();
    return type ? eventsSpec({ type, limit: EVENT_FEED_LIMIT }) : eventFeedSpec;
  });
  /** Agents' names for "by …". */
  private readonly fleet = new LiveController(this, () => fleetSpec);
  private readonly follow = new FollowScrollController(this, () => this.renderRoot.querySelector('ol'));
  private readonly clock = new ClockController(this, 15_000);

  override render() {
    const type = this.type();
    const text = this.text();
    return html`<hive-page-header heading="Events" description="Every change in the fleet, live, as the hub records it."></hive-page-header>
      <hive-list-filters
        searchLabel="Filter by text"
        searchPlaceholder="Subject, actor or summary"
        .query=${text}
        .selects=${[
          { key: 'type', label: 'Type', anyLabel: 'All types', options: EVENT_TYPES.map((value) => ({ value, label: EVENT_TYPE_LABELS[value] })) },
        ]}
        .values=${{ type: type ?? '' }}
        @hive-filters-change=${(event: CustomEvent<Record<string, string>>) =>
          navigate(withQuery(PATH, this.query, event.detail), { replace: 'q' in event.detail })}
      ></hive-list-filters>
      ${this.renderFeed(text)}`;
  }

  private renderFeed(text: string) {
    const collection = this.feed.value;
    const state = collection?.state;
    if (!state || state.status === 'loading') return html`<hive-loading label="Loading events…"></hive-loading>`;
    if (state.status === 'error') {
      return html`<hive-error-state heading="Couldn't load events" .error=${state.error} @hive-retry=${() => void collection?.reload()}></hive-error-state>`;
    }
    const needle = text.toLowerCase();
    // The collection is newest first; the timeline reads downwards to the newest.
    const shown = state.items.filter((event) => !needle || matches(event, needle)).reverse();
    this.follow.track(shown.length);
    const now = this.clock.now;
    const fleet = this.fleet.value;
    const agentName = (id: string) => fleet?.get(id)?.name;
    return html`<div class="bar">
        <span class="count">${shown.length === state.items.length ? `${shown.length} events` : `${shown.length} of ${state.items.length} events`}</span>
        <hive-follow-bar
          .following=${this.follow.following}
          .unseen=${this.follow.unseen}
          noun="event"
          @hive-follow=${() => this.follow.follow()}
          @hive-pause=${() => this.follow.pause()}
        ></hive-follow-bar>
      </div>
      <ol role="log" aria-live="off" aria-label="Events, oldest first" tabindex="0">
        ${shown.length === 0
          ? html`<li class="placeholder">${state.items.length === 0 ? 'No events yet. Changes in the fleet appear here as they happen.' : 'No events match this filter.'}</li>`
          : nothing}
        ${repeat(
          shown,
          (event) => event.seq,
          (event) => {
            const href = subjectHref(event.subject);
            const summary = eventSummary(event);
            return html`<li>
              <span class="type">${EVENT_TYPE_LABELS[event.type] ?? event.type} <span class="seq">#${event.seq}</span></span>
              ${renderTimeAgo(event.createdAt, now)}
              <span class="detail">
                ${href
                  ? html`<a href=${href} aria-label="Open ${event.subject}">${shortSubject(event.subject)}</a>`
                  : html`<span class="subject">${shortSubject(event.subject)}</span>`}
                ${summary ? html`<span class="summary">${summary}</span>` : nothing}
                <span class="by" title=${`${event.actor}, ${formatDateTime(event.createdAt)}`}>by ${describeActor(event.actor, agentName)}</span>
              </span>
            </li>`;
          },
        )}
      </ol>`;
  }

  private type(): EventType | undefined {
    const type = this.query.get('type') ?? '';
    return (EVENT_TYPES as readonly string[]).includes(type) ? (type as EventType) : undefined;
  }

  private text(): string {
    return (this.query.get('q') ?? '').trim().slice(0, 120);
  }
}

function matches(event: DomainEvent, needle: string): boolean {
  return [event.subject, event.actor, event.type, eventSummary(event)].some((text) => text.toLowerCase().includes(needle));
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-events-panel': HiveEventsPanel;
  }
}
