import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { type Tone, humanize } from '../format/labels.js';

/** A status word in a coloured pill; the word carries the meaning, the colour helps scanning. */
@customElement('hive-status-chip')
export class HiveStatusChip extends LitElement {
  static override styles = css`
    :host {
      display: inline-flex;
    }
    span {
      display: inline-flex;
      align-items: center;
      gap: 0.375rem;
      padding: 0.125rem 0.625rem;
      border-radius: 999px;
      font-size: 0.8125rem;
      font-weight: 600;
      line-height: 1.5;
      white-space: nowrap;
      background: var(--hive-tone-neutral-bg);
      color: var(--hive-tone-neutral-fg);
    }
    span::before {
      content: '';
      width: 0.5rem;
      height: 0.5rem;
      border-radius: 50%;
      background: currentColor;
    }
    :host([tone='info']) span {
      background: var(--hive-tone-info-bg);
      color: var(--hive-tone-info-fg);
    }
    :host([tone='success']) span {
      background: var(--hive-tone-success-bg);
      color: var(--hive-tone-success-fg);
    }
    :host([tone='warning']) span {
      background: var(--hive-tone-warning-bg);
      color: var(--hive-tone-warning-fg);
    }
    :host([tone='danger']) span {
      background: var(--hive-tone-danger-bg);
      color: var(--hive-tone-danger-fg);
    }
    :host([tone='muted']) span {
      background: var(--hive-tone-muted-bg);
      color: var(--hive-tone-muted-fg);
    }
  `;

  /** Machine value such as `dead_letter`; shown humanised unless `label` is set. */
  @property() status = '';
  @property() label?: string;
  @property({ reflect: true }) tone: Tone = 'neutral';

  override render() {
    return html`<span>${this.label ?? humanize(this.status)}</span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-status-chip': HiveStatusChip;
  }
}
