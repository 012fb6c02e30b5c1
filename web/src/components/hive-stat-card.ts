import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Tone } from '../format/labels.js';
import { focusStyles } from '../styles/shared-styles.js';
import './hive-status-chip.js';

export interface StatBreakdown {
  key: string;
  label: string;
  count: number;
  tone: Tone;
}

/**
 * A headline value (12 agents, "Awake") with its split by status or a short note,
 * optionally linking to the list it summarises.
 */
@customElement('hive-stat-card')
export class HiveStatCard extends LitElement {
  static override styles = [
    focusStyles,
    css`
      :host {
        display: block;
        padding: 1rem;
        background: var(--hive-surface);
        border: 1px solid var(--hive-border);
        border-radius: var(--hive-radius);
      }
      h2 {
        margin: 0;
        font-size: 1rem;
        font-weight: 600;
        color: var(--hive-text-muted);
      }
      a {
        color: inherit;
        text-decoration: none;
        border-radius: var(--hive-radius-small);
      }
      a:hover h2 {
        text-decoration: underline;
      }
      .value {
        font-size: 2rem;
        font-weight: 750;
        line-height: 1.2;
      }
      ul {
        list-style: none;
        margin: 0.5rem 0 0;
        padding: 0;
        display: flex;
        flex-wrap: wrap;
        gap: 0.375rem;
      }
      .note {
        margin: 0.5rem 0 0;
        color: var(--hive-text-muted);
      }
    `,
  ];

  @property() heading = '';
  @property() href = '';
  @property() value = '';
  @property({ attribute: false }) breakdown: readonly StatBreakdown[] = [];
  /** Shown when there is no breakdown, e.g. "No agents yet." */
  @property() note = '';

  override render() {
    const title = html`<h2>${this.heading}</h2>
      <div class="value">${this.value}</div>`;
    return html`${this.href ? html`<a href=${this.href}>${title}</a>` : title}
      ${this.breakdown.length > 0
        ? html`<ul>
            ${this.breakdown.map(
              (entry) =>
                html`<li><hive-status-chip tone=${entry.tone} label="${entry.label}: ${entry.count}"></hive-status-chip></li>`,
            )}
          </ul>`
        : this.note
          ? html`<p class="note">${this.note}</p>`
          : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-stat-card': HiveStatCard;
  }
}
