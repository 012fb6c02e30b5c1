import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { buttonStyles } from '../styles/shared-styles.js';

export const FOLLOW_EVENT = 'hive-follow';
export const PAUSE_EVENT = 'hive-pause';

/**
 * The controls of a live log that follows its newest line: "Pause" while following;
 * "N new …" (jump down and follow again) once the reader scrolled up or paused.
 */
@customElement('hive-follow-bar')
export class HiveFollowBar extends LitElement {
  static override styles = [
    buttonStyles,
    css`
      :host {
        display: inline-flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
      button.pill {
        border-radius: 999px;
        background: var(--hive-brand);
        border-color: var(--hive-brand);
        color: var(--hive-on-brand);
      }
      .state {
        color: var(--hive-text-muted);
        font-size: 0.875rem;
      }
    `,
  ];

  @property({ type: Boolean }) following = true;
  @property({ type: Number }) unseen = 0;
  /** Singular noun of what arrives, e.g. "event" → "3 new events". */
  @property() noun = 'line';

  override render() {
    if (this.following) {
      return html`<span class="state">Following the newest</span>
        <button type="button" @click=${() => this.emit(PAUSE_EVENT)}>Pause</button>`;
    }
    const label = this.unseen > 0 ? `${this.unseen} new ${this.noun}${this.unseen === 1 ? '' : 's'}` : 'Follow the newest';
    return html`<span class="state" role="status">${this.unseen > 0 ? nothing : 'Paused'}</span>
      <button type="button" class=${this.unseen > 0 ? 'pill' : ''} @click=${() => this.emit(FOLLOW_EVENT)}>
        ${label}<span aria-hidden="true">↓</span>
      </button>`;
  }

  private emit(type: string): void {
    this.dispatchEvent(new CustomEvent(type));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-follow-bar': HiveFollowBar;
  }
  interface HTMLElementEventMap {
    [FOLLOW_EVENT]: CustomEvent<void>;
    [PAUSE_EVENT]: CustomEvent<void>;
  }
}
