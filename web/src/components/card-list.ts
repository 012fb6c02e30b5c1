import { type TemplateResult, css, html } from 'lit';
import { repeat } from 'lit/directives/repeat.js';

/**
 * The look shared by the list elements (<hive-agent-list>, <hive-task-list>): one card per
 * row with its name and status chip on top and a line of muted facts (`.meta`) under them.
 * Each element adds the rules for its own extra lines.
 */
export const cardListStyles = css`
  :host {
    display: block;
    container-type: inline-size;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.5rem;
  }
  li {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    gap: 0.25rem 1rem;
    align-items: center;
    padding: 0.75rem 1rem;
    background: var(--hive-surface);
    border: 1px solid var(--hive-border);
    border-radius: var(--hive-radius);
  }
  .name {
    font-weight: 650;
    overflow-wrap: anywhere;
  }
  .meta {
    grid-column: 1 / -1;
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
    color: var(--hive-text-muted);
    font-size: 0.875rem;
  }
`;

/** `<ul aria-label=…>` with one `<li>` per item, keyed by id so rows keep their DOM across reloads. */
export function renderCardList<Item extends { id: string }>(
  label: string,
  items: readonly Item[],
  renderCard: (item: Item) => TemplateResult,
): TemplateResult {
  return html`<ul aria-label=${label}>
    ${repeat(items, (item) => item.id, (item) => html`<li>${renderCard(item)}</li>`)}
  </ul>`;
}
