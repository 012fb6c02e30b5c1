import { type TemplateResult, css, html } from 'lit';
import '../components/hive-empty-state.js';
import '../components/hive-error-state.js';
import '../components/hive-icon.js';
import '../components/hive-loading.js';
import type { LoadStatus } from '../state/live-resource.js';

/**
 * What the pages of one agent and one task share: the link back to their list, the
 * two-column grid of cards, definition lists of facts, and the loading/error states of
 * their live parts.
 */
export const detailPageStyles = css`
  a {
    color: var(--hive-link);
  }
  .back {
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
    min-height: var(--hive-touch);
    min-width: var(--hive-touch);
    padding-right: 0.5rem;
    justify-self: start;
    text-decoration: none;
    font-weight: 600;
  }
  .back:hover {
    text-decoration: underline;
  }
  .columns {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 22rem), 1fr));
    gap: 1rem;
  }
  .note {
    margin: 0;
    color: var(--hive-text-muted);
  }
  dl {
    display: grid;
    grid-template-columns: max-content minmax(0, 1fr);
    gap: 0.5rem 1rem;
    align-items: center;
    margin: 0;
  }
  dt {
    color: var(--hive-text-muted);
  }
  dd {
    margin: 0;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.5rem;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  dd a {
    display: inline-flex;
    align-items: center;
    min-height: var(--hive-touch);
    min-width: var(--hive-touch);
  }
  code,
  pre {
    font-family: var(--hive-mono);
    font-size: 0.8125rem;
  }
  pre {
    margin: 0;
    padding: 0.75rem;
    max-height: 24rem;
    overflow: auto;
    background: var(--hive-surface-raised);
    border: 1px solid var(--hive-border);
    border-radius: var(--hive-radius-small);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  p.summary {
    margin: 0 0 0.75rem;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  details summary {
    display: flex;
    align-items: center;
    min-height: var(--hive-touch);
    cursor: pointer;
    color: var(--hive-link);
    font-weight: 600;
  }
  meter {
    width: 8rem;
    height: 1rem;
  }
  ol.messages,
  ol.timeline {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
  }
  ol.messages li,
  ol.timeline li {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    gap: 0.125rem 1rem;
    padding: 0.5rem 0;
    border-bottom: 1px solid var(--hive-border);
  }
  ol.messages li:last-child,
  ol.timeline li:last-child {
    border-bottom: none;
  }
  ol.messages p,
  ol.timeline p {
    grid-column: 1 / -1;
    margin: 0;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .from,
  .what {
    font-weight: 600;
  }
  time {
    color: var(--hive-text-muted);
    font-size: 0.875rem;
  }
`;

/** "← Agents": back to the list the page belongs to. */
export function renderBackLink(href: string, label: string): TemplateResult {
  return html`<a class="back" href=${href}><hive-icon name="chevron-left"></hive-icon>${label}</a>`;
}

interface Loadable<S extends { status: LoadStatus; error: unknown }> {
  readonly state: S;
  reload(): Promise<void>;
}

/** A live part of a page: loading, its error with Retry, or `render` of its state. */
export function renderCollection<S extends { status: LoadStatus; error: unknown }>(
  resource: Loadable<S> | null,
  what: string,
  render: (state: S) => unknown,
): unknown {
  const state = resource?.state;
  if (!state || state.status === 'loading') return html`<hive-loading label="Loading ${what}…"></hive-loading>`;
  if (state.status === 'error') {
    return html`<hive-error-state heading="Couldn't load ${what}" .error=${state.error} @hive-retry=${() => void resource?.reload()}></hive-error-state>`;
  }
  return render(state);
}

/** A page address that names nothing (not an id at all). */
export function renderNoSuch(noun: string, listHref: string, listLabel: string): TemplateResult {
  return html`${renderBackLink(listHref, listLabel)}
    <hive-empty-state heading="There is no such ${noun}" icon="search">
      <p>This address does not name a ${noun}. Find it in ${listLabel}.</p>
    </hive-empty-state>`;
}
