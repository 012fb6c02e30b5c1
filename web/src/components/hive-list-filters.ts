import { LitElement, type PropertyValues, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { buttonStyles, formStyles } from '../styles/shared-styles.js';
import './hive-icon.js';

export interface FilterSelect {
  /** Query parameter the select drives, e.g. `status`. */
  key: string;
  label: string;
  /** Text of the "no filter" option, e.g. "All statuses". */
  anyLabel: string;
  options: ReadonlyArray<{ value: string; label: string }>;
}

export const FILTERS_CHANGE_EVENT = 'hive-filters-change';

/** How long typing pauses before the search is sent, so each keystroke is not a request. */
const SEARCH_DEBOUNCE_MS = 300;

/**
 * A search box and a row of selects over a list. Emits FILTERS_CHANGE_EVENT with the
 * changed keys (`q` for the search); the owner keeps the values (in the URL).
 */
@customElement('hive-list-filters')
export class HiveListFilters extends LitElement {
  static override styles = [
    buttonStyles,
    formStyles,
    css`
      :host {
        display: block;
        margin-bottom: 1rem;
      }
      form {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr));
        align-items: end;
        gap: 0.75rem;
      }
      /* Without a search, the selects are the row: wide enough for their longest option. */
      form.selects-only {
        grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr));
      }
      /* The search gets a row of its own on phones and two columns' width beside the selects otherwise. */
      .search {
        grid-column: 1 / -1;
      }
      @media (min-width: 768px) {
        .search {
          grid-column: span 2;
        }
      }
      .search-box {
        position: relative;
      }
      .search-box hive-icon {
        position: absolute;
        left: 0.75rem;
        top: 50%;
        transform: translateY(-50%);
        color: var(--hive-text-muted);
        pointer-events: none;
      }
      .search-box input {
        padding-left: 2.5rem;
      }
      label {
        font-size: 0.875rem;
      }
    `,
  ];

  /** False for lists the API cannot search: only the selects are shown. */
  @property({ type: Boolean }) searchable = true;
  @property() searchLabel = 'Search';
  @property() searchPlaceholder = '';
  @property() query = '';
  @property({ attribute: false }) selects: readonly FilterSelect[] = [];
  @property({ attribute: false }) values: Readonly<Record<string, string>> = {};

  private debounce: number | undefined;
  /** The search this element last asked for; its echo through `query` is not re-applied. */
  private lastEmittedQuery: string | null = null;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.clearTimeout(this.debounce);
  }

  override updated(changed: PropertyValues<this>): void {
    // The box is written only when the search changes from outside (back button, a
    // cleared filter): writing back our own debounced value would eat newer keystrokes.
    if (changed.has('query') && this.query !== this.lastEmittedQuery) {
      const input = this.renderRoot.querySelector<HTMLInputElement>('#q');
      if (input) input.value = this.query;
    }
  }

  override render() {
    return html`<form
      class=${this.searchable ? '' : 'selects-only'}
      role=${this.searchable ? 'search' : nothing}
      aria-label=${this.searchable ? nothing : 'Filters'}
      @submit=${this.onSubmit}
    >
      ${this.searchable ? this.renderSearch() : nothing}
      ${repeat(
        this.selects,
        (select) => select.key,
        (select) => html`<div class="field">
          <label for=${`filter-${select.key}`}>${select.label}</label>
          <select
            id=${`filter-${select.key}`}
            .value=${this.values[select.key] ?? ''}
            @change=${(event: Event) => this.emit({ [select.key]: (event.target as HTMLSelectElement).value })}
          >
            <option value="">${select.anyLabel}</option>
            ${select.options.map(
              (option) =>
                html`<option value=${option.value} ?selected=${option.value === this.values[select.key]}>${option.label}</option>`,
            )}
          </select>
        </div>`,
      )}
    </form>`;
  }

  private renderSearch() {
    return html`<div class="field search">
      <label for="q">${this.searchLabel}</label>
      <div class="search-box">
        <hive-icon name="search"></hive-icon>
        <input
          id="q"
          type="search"
          name="q"
          autocomplete="off"
          placeholder=${this.searchPlaceholder}
          @input=${this.onSearchInput}
        />
      </div>
    </div>`;
  }

  private onSearchInput(event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    window.clearTimeout(this.debounce);
    this.debounce = window.setTimeout(() => this.emit({ q: value.trim() }), SEARCH_DEBOUNCE_MS);
  }

  /** Enter searches at once instead of waiting for the debounce. */
  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    if (!this.searchable) return;
    window.clearTimeout(this.debounce);
    const input = this.renderRoot.querySelector<HTMLInputElement>('#q');
    this.emit({ q: input?.value.trim() ?? '' });
  }

  private emit(changes: Record<string, string>): void {
    if ('q' in changes) this.lastEmittedQuery = changes['q'] ?? '';
    this.dispatchEvent(new CustomEvent(FILTERS_CHANGE_EVENT, { detail: changes }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-list-filters': HiveListFilters;
  }
  interface HTMLElementEventMap {
    [FILTERS_CHANGE_EVENT]: CustomEvent<Record<string, string>>;
  }
}
