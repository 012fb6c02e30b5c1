import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { FollowScrollController } from '../controllers/follow-scroll-controller.js';
import { formatClock, formatDateTime } from '../format/time.js';
import type { ProgressEntry } from '../state/progress-stream.js';
import { buttonStyles, focusStyles } from '../styles/shared-styles.js';
import './hive-follow-bar.js';

const KIND_LABELS: Record<ProgressEntry['kind'], string> = {
  log: 'log',
  text: 'text',
  tool_call: 'tool call',
  tool_result: 'result',
  step: 'step',
};

/** Longer messages fold behind their first line. */
const FOLD_CHARS = 280;

type Show = 'all' | 'tools';

/**
 * An agent's work as it streams: log lines, model text, tool calls and their results,
 * oldest first in a scrolling box that follows the newest line until the reader scrolls
 * up ("N new" then brings them back). "Tool calls" narrows it to calls and results.
 */
@customElement('hive-progress-log')
export class HiveProgressLog extends LitElement {
  static override styles = [
    buttonStyles,
    focusStyles,
    css`
      :host {
        display: grid;
        gap: 0.5rem;
      }
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
      }
      .toggle {
        display: inline-flex;
        border: 1px solid var(--hive-border-strong);
        border-radius: var(--hive-radius-small);
        overflow: hidden;
      }
      .toggle button {
        border: none;
        border-radius: 0;
        font-weight: 500;
      }
      .toggle button[aria-pressed='true'] {
        background: var(--hive-surface-raised);
        font-weight: 700;
        box-shadow: inset 0 -3px 0 var(--hive-brand);
      }
      .box {
        position: relative;
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0.5rem 0.75rem;
        max-height: var(--hive-log-height, min(60vh, 28rem));
        overflow-y: auto;
        background: var(--hive-surface-raised);
        border: 1px solid var(--hive-border);
        border-radius: var(--hive-radius-small);
        font-family: var(--hive-mono);
        font-size: 0.8125rem;
        line-height: 1.45;
      }
      li {
        display: grid;
        grid-template-columns: auto auto minmax(0, 1fr);
        gap: 0 0.5rem;
        padding: 0.1875rem 0;
        align-items: baseline;
      }
      time {
        color: var(--hive-text-muted);
      }
      .kind {
        justify-self: start;
        padding: 0 0.375rem;
        border-radius: 4px;
        background: var(--hive-tone-neutral-bg);
        color: var(--hive-tone-neutral-fg);
        font-size: 0.75rem;
        white-space: nowrap;
      }
      li[data-kind='tool_call'] .kind {
        background: var(--hive-tone-info-bg);
        color: var(--hive-tone-info-fg);
      }
      li[data-kind='tool_result'] .kind {
        background: var(--hive-tone-success-bg);
        color: var(--hive-tone-success-fg);
      }
      li[data-kind='step'] .kind {
        background: var(--hive-tone-warning-bg);
        color: var(--hive-tone-warning-fg);
      }
      .message {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        min-width: 0;
      }
      details summary {
        cursor: pointer;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .empty {
        margin: 0;
        padding: 1rem;
        color: var(--hive-text-muted);
        font-family: var(--hive-font);
      }
      @media (max-width: 479px) {
        li {
          grid-template-columns: auto minmax(0, 1fr);
        }
        li .message {
          grid-column: 1 / -1;
        }
      }
    `,
  ];

  @property({ attribute: false }) entries: readonly ProgressEntry[] = [];
  /** Names the log for screen readers, e.g. "Output of the task". */
  @property() label = 'Output';
  /** Shown when there is nothing yet. */
  @property() empty = 'Nothing yet.';

  @state() private show: Show = 'all';

  private readonly follow = new FollowScrollController(this, () => this.renderRoot.querySelector('ol'));

  override render() {
    const shown = this.show === 'tools' ? this.entries.filter((e) => e.kind === 'tool_call' || e.kind === 'tool_result') : this.entries;
    this.follow.track(shown.length);
    return html`<div class="toolbar">
        <div class="toggle" role="group" aria-label="Show">
          ${this.renderToggle('all', 'Everything')} ${this.renderToggle('tools', 'Tool calls')}
        </div>
        <hive-follow-bar
          .following=${this.follow.following}
          .unseen=${this.follow.unseen}
          noun="line"
          @hive-follow=${() => this.follow.follow()}
          @hive-pause=${() => this.follow.pause()}
        ></hive-follow-bar>
      </div>
      <div class="box">
        <ol role="log" aria-live="off" aria-label=${this.label} tabindex="0">
          ${shown.length === 0 ? html`<li><p class="empty">${this.empty}</p></li>` : nothing}
          ${repeat(
            shown,
            (entry) => entry.key,
            (entry) => html`<li data-kind=${entry.kind}>
              ${entry.at ? html`<time datetime=${entry.at} title=${formatDateTime(entry.at)}>${formatClock(entry.at)}</time>` : html`<span></span>`}
              <span class="kind">${KIND_LABELS[entry.kind]}</span>
              ${renderMessage(entry.message)}
            </li>`,
          )}
        </ol>
      </div>`;
  }

  private renderToggle(value: Show, label: string) {
    return html`<button type="button" aria-pressed=${this.show === value ? 'true' : 'false'} @click=${() => (this.show = value)}>
      ${label}
    </button>`;
  }
}

function renderMessage(message: string) {
  if (message.length <= FOLD_CHARS && !message.includes('\n')) return html`<span class="message">${message}</span>`;
  const first = message.split('\n', 1)[0]!.slice(0, 120);
  return html`<details class="message"><summary>${first}</summary>${message}</details>`;
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-progress-log': HiveProgressLog;
  }
}
