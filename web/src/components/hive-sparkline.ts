import { LitElement, css, html, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Tone } from '../format/labels.js';

const WIDTH = 120;
const HEIGHT = 32;

/**
 * A small bar chart of a series (e.g. completions per minute), oldest on the left. It is
 * an image with a spoken summary (`label`); the numbers beside it say the same in text.
 */
@customElement('hive-sparkline')
export class HiveSparkline extends LitElement {
  static override styles = css`
    :host {
      display: block;
      color: var(--hive-tone-info-fg);
    }
    :host([tone='success']) {
      color: var(--hive-tone-success-fg);
    }
    :host([tone='danger']) {
      color: var(--hive-tone-danger-fg);
    }
    svg {
      display: block;
      width: 100%;
      height: 2.5rem;
    }
    .base {
      stroke: var(--hive-border);
      stroke-width: 1;
    }
  `;

  @property({ attribute: false }) values: readonly number[] = [];
  /** What the chart shows, read by screen readers, e.g. "Completions per minute…". */
  @property() label = '';
  @property({ reflect: true }) tone: Tone = 'info';

  override render() {
    const values = this.values;
    const peak = Math.max(1, ...values);
    const step = values.length > 0 ? WIDTH / values.length : WIDTH;
    const bars = values.map((value, index) => {
      const height = value === 0 ? 0 : Math.max(2, (value / peak) * (HEIGHT - 2));
      return svg`<rect x=${index * step + step * 0.15} y=${HEIGHT - height} width=${step * 0.7} height=${height} rx="1" fill="currentColor"></rect>`;
    });
    return html`<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" preserveAspectRatio="none" role="img" aria-label=${this.label}>
      <line class="base" x1="0" y1=${HEIGHT - 0.5} x2=${WIDTH} y2=${HEIGHT - 0.5}></line>
      ${bars}
    </svg>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-sparkline': HiveSparkline;
  }
}
