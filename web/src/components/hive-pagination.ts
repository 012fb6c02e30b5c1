import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { buttonStyles } from '../styles/shared-styles.js';
import './hive-icon.js';

export const PAGE_CHANGE_EVENT = 'hive-page-change';

/** "1–50 of 123" with Previous/Next; asks for a new offset through PAGE_CHANGE_EVENT. */
@customElement('hive-pagination')
export class HivePagination extends LitElement {
  static override styles = [
    buttonStyles,
    css`
      :host {
        display: block;
      }
      nav {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 0.75rem;
        padding-top: 1rem;
      }
      .range {
        color: var(--hive-text-muted);
      }
      .buttons {
        display: flex;
        gap: 0.5rem;
      }
    `,
  ];

  @property({ type: Number }) total = 0;
  @property({ type: Number }) limit = 50;
  @property({ type: Number }) offset = 0;
  /** Plural noun for the range label and the landmark, e.g. "agents". */
  @property() noun = 'items';
  /** Singular noun, for a total of one. */
  @property({ attribute: 'noun-singular' }) nounSingular = 'item';

  override render() {
    const first = this.total === 0 ? 0 : this.offset + 1;
    const last = Math.min(this.offset + this.limit, this.total);
    const hasPrevious = this.offset > 0;
    const hasNext = this.offset + this.limit < this.total;
    const noun = this.total === 1 ? this.nounSingular : this.noun;
    return html`<nav aria-label="Pages of ${this.noun}">
      <span class="range" aria-live="polite">${first}–${last} of ${this.total} ${noun}</span>
      ${hasPrevious || hasNext
        ? html`<span class="buttons">
            <button type="button" ?disabled=${!hasPrevious} @click=${() => this.go(this.offset - this.limit)}>
              <hive-icon name="chevron-left"></hive-icon>Previous
            </button>
            <button type="button" ?disabled=${!hasNext} @click=${() => this.go(this.offset + this.limit)}>
              Next<hive-icon name="chevron-right"></hive-icon>
            </button>
          </span>`
        : nothing}
    </nav>`;
  }

  private go(offset: number): void {
    this.dispatchEvent(new CustomEvent(PAGE_CHANGE_EVENT, { detail: { offset: Math.max(0, offset) } }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-pagination': HivePagination;
  }
  interface HTMLElementEventMap {
    [PAGE_CHANGE_EVENT]: CustomEvent<{ offset: number }>;
  }
}
