import { TaskStatus } from '@lit/task';
import { type TemplateResult, css, html, nothing } from 'lit';
import '../components/hive-alert.js';
import '../components/hive-empty-state.js';
import '../components/hive-error-state.js';
import type { IconName } from '../components/hive-icon.js';
import '../components/hive-icon.js';
import type { FilterSelect } from '../components/hive-list-filters.js';
import '../components/hive-list-filters.js';
import '../components/hive-loading.js';
import '../components/hive-page-header.js';
import '../components/hive-pagination.js';
import type { InlineCreateController } from '../controllers/inline-create-controller.js';
import type { ListSource } from '../controllers/list-query-controller.js';
import { buttonStyles } from '../styles/shared-styles.js';

/**
 * The page of a list panel (Agents, Tasks), which differ only by their words, their
 * rows and their create form: header with "New …", the inline form and the notice after
 * it, the filter row, and the results in each of their states. The data and the URL
 * are the ListSource's (a ListQueryController, or a LiveListController for a live
 * list), the create flow the InlineCreateController's; this module only draws them.
 */

export interface ListPanelView<Item> {
  heading: string;
  description: string;
  /** The header button that opens the create form, e.g. "New agent". */
  newLabel: string;
  /** The create form, wired to `create.done` and `create.cancel`. */
  renderCreateForm: (create: InlineCreateController<Item>) => TemplateResult;
  /** The success notice after a create, e.g. "Agent “x” created." */
  createdNotice: (item: Item) => string;
  /** Lower-case plural and singular, e.g. "agents" and "agent". */
  noun: string;
  nounSingular: string;
  searchLabel: string;
  searchPlaceholder: string;
  selects: readonly FilterSelect[];
  /** Under "No <noun> match these filters", e.g. "Try another status, type or name." */
  filteredHint: string;
  /** Icon of the "No <noun> yet" state. */
  emptyIcon: IconName;
  /** Under "No <noun> yet": how the first row gets made, for those who may and may not create. */
  emptyHint: { canCreate: string; readOnly: string };
  renderItems: (items: readonly Item[]) => TemplateResult;
}

export const listPanelStyles = [
  buttonStyles,
  css`
    :host {
      display: block;
    }
    hive-alert {
      margin-bottom: 1rem;
    }
    .results[aria-busy='true'] {
      opacity: 0.6;
      transition: opacity 0.2s;
    }
  `,
];

export function renderListPanel<Status extends string, Type extends string, Item>(
  list: ListSource<Status, Type, Item>,
  create: InlineCreateController<Item>,
  view: ListPanelView<Item>,
): TemplateResult {
  const filters = list.filters;
  return html`<hive-page-header heading=${view.heading} description=${view.description}>
      ${create.allowed && !create.open
        ? html`<button slot="actions" type="button" class="primary" @click=${() => create.show()}>
            <hive-icon name="plus"></hive-icon>${view.newLabel}
          </button>`
        : nothing}
    </hive-page-header>
    ${create.open ? view.renderCreateForm(create) : nothing}
    ${create.created ? html`<hive-alert tone="success">${view.createdNotice(create.created)}</hive-alert>` : nothing}
    <hive-list-filters
      searchLabel=${view.searchLabel}
      searchPlaceholder=${view.searchPlaceholder}
      .query=${filters.q}
      .selects=${view.selects}
      .values=${{ status: filters.status, type: filters.type }}
      @hive-filters-change=${(event: CustomEvent<Record<string, string>>) => list.changeFilters(event.detail)}
    ></hive-list-filters>
    ${renderResults(list, view, create.allowed ? view.emptyHint.canCreate : view.emptyHint.readOnly)}`;
}

/** Loading, the hub's error with Retry, an empty state, or the rows (dimmed while a reload runs) with pagination. */
function renderResults<Status extends string, Type extends string, Item>(
  list: ListSource<Status, Type, Item>,
  view: ListPanelView<Item>,
  emptyHint: string,
): TemplateResult {
  const { status, value: page, error } = list.page;
  if (status === TaskStatus.ERROR) {
    return html`<hive-error-state heading="Couldn't load ${view.noun}" .error=${error} @hive-retry=${() => list.reload()}></hive-error-state>`;
  }
  if (!page) return html`<hive-loading label="Loading ${view.noun}…"></hive-loading>`;
  if (page.items.length === 0) return renderEmpty(list, view, page.total, emptyHint);
  return html`<div class="results" aria-busy=${status === TaskStatus.PENDING ? 'true' : 'false'}>
    ${view.renderItems(page.items)}
    <hive-pagination
      noun=${view.noun}
      noun-singular=${view.nounSingular}
      .total=${page.total}
      .limit=${page.limit}
      .offset=${page.offset}
      @hive-page-change=${(event: CustomEvent<{ offset: number }>) => list.goToOffset(event.detail.offset)}
    ></hive-pagination>
  </div>`;
}

function renderEmpty<Status extends string, Type extends string, Item>(
  list: ListSource<Status, Type, Item>,
  view: ListPanelView<Item>,
  total: number,
  emptyHint: string,
): TemplateResult {
  if (total > 0) {
    // The URL points past the last page (rows were removed since the link was made).
    return html`<hive-empty-state heading="Nothing on this page">
      <p>There are ${total} ${view.noun}, but not this far down the list.</p>
      <button slot="actions" type="button" @click=${() => list.goToOffset(0)}>Go to the first page</button>
    </hive-empty-state>`;
  }
  if (list.filtered) {
    return html`<hive-empty-state heading="No ${view.noun} match these filters" icon="search">
      <p>${view.filteredHint}</p>
      <button slot="actions" type="button" @click=${() => list.clearFilters()}>Clear filters</button>
    </hive-empty-state>`;
  }
  return html`<hive-empty-state heading="No ${view.noun} yet" icon=${view.emptyIcon}>
    <p>${emptyHint}</p>
  </hive-empty-state>`;
}
