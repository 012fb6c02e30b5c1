import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ProposalKind } from '../../api/types.js';
import { focusStyles } from '../../styles/shared-styles.js';

/** Past this many lines a diff is shown without colours: thousands of spans cost more than they help. */
const MAX_COLOURED_LINES = 4000;

/**
 * A proposal's content exactly as submitted, in a scrollable monospace block: a unified
 * diff with added, removed and hunk lines coloured (and marked by their +/- as ever), or
 * the prompt or config text as is. Long lines scroll inside the block, never the page.
 */
@customElement('hive-proposal-content')
export class HiveProposalContent extends LitElement {
  static override styles = [
    focusStyles,
    css`
      :host {
        display: block;
      }
      pre {
        margin: 0;
        padding: 0.75rem 0;
        max-height: 70vh;
        overflow: auto;
        background: var(--hive-surface-raised);
        border-radius: var(--hive-radius-small);
        font-family: var(--hive-mono);
        font-size: 0.8125rem;
        line-height: 1.5;
        tab-size: 4;
      }
      code {
        display: block;
        min-width: max-content;
      }
      .line {
        display: block;
        padding: 0 0.75rem;
        white-space: pre;
      }
      .add {
        background: var(--hive-tone-success-bg);
        color: var(--hive-tone-success-fg);
      }
      .del {
        background: var(--hive-tone-danger-bg);
        color: var(--hive-tone-danger-fg);
      }
      .hunk {
        color: var(--hive-tone-info-fg);
        background: var(--hive-tone-info-bg);
      }
      .file {
        font-weight: 700;
      }
    `,
  ];

  @property({ attribute: false }) kind: ProposalKind = 'code_patch';
  @property({ attribute: false }) content = '';

  override render() {
    // A final newline ends the last line; it is not an empty line of its own.
    const lines = this.content.replace(/\n$/, '').split('\n');
    const colour = this.kind === 'code_patch' && lines.length <= MAX_COLOURED_LINES;
    // Focusable so keyboard users can scroll it; named for screen readers.
    return html`<pre tabindex="0" aria-label=${this.kind === 'code_patch' ? 'Diff' : 'Content'}><code>${lines.map(
      (line) => html`<span class="line ${colour ? lineClass(line) : ''}">${line || ' '}</span>`,
    )}</code></pre>`;
  }
}

function lineClass(line: string): string {
  if (line.startsWith('+++') || line.startsWith('---') || line.startsWith('diff ')) return 'file';
  if (line.startsWith('@@')) return 'hunk';
  if (line.startsWith('+')) return 'add';
  if (line.startsWith('-')) return 'del';
  return '';
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-proposal-content': HiveProposalContent;
  }
}
