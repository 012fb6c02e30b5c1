import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ProposalValidation } from '../api/types.js';
import { RUNNER_LABELS, VALIDATION_LABELS, VALIDATION_TONES } from '../format/proposal-labels.js';
import { formatDateTime } from '../format/time.js';
import { focusStyles } from '../styles/shared-styles.js';
import './hive-status-chip.js';

/** "1.2 s", "2 min 5 s". */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

/**
 * A proposal's validation run: which sandbox ran it and what it enforced, the command,
 * exit code and duration, and the output in a scrollable block. While the check runs it
 * says so (the owner reloads the proposal as the hub reports progress).
 */
@customElement('hive-validation-log')
export class HiveValidationLog extends LitElement {
  static override styles = [
    focusStyles,
    css`
      :host {
        display: grid;
        gap: 0.75rem;
      }
      dl {
        display: grid;
        grid-template-columns: max-content minmax(0, 1fr);
        gap: 0.375rem 1rem;
        margin: 0;
      }
      @media (max-width: 480px) {
        dl {
          grid-template-columns: minmax(0, 1fr);
          gap: 0.125rem;
        }
        dd + dt {
          margin-top: 0.375rem;
        }
      }
      dt {
        color: var(--hive-text-muted);
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      ul {
        margin: 0;
        padding-left: 1.25rem;
      }
      code,
      pre {
        font-family: var(--hive-mono);
        font-size: 0.8125rem;
      }
      pre {
        margin: 0;
        padding: 0.75rem;
        max-height: 24rem;
        overflow: auto;
        background: var(--hive-surface-raised);
        border: 1px solid var(--hive-border);
        border-radius: var(--hive-radius-small);
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      .muted {
        color: var(--hive-text-muted);
      }
      .running {
        display: inline-flex;
        align-items: center;
        gap: 0.5rem;
      }
      .spinner {
        width: 0.875rem;
        height: 0.875rem;
        border: 2px solid currentColor;
        border-right-color: transparent;
        border-radius: 50%;
        animation: spin 0.9s linear infinite;
      }
      @keyframes spin {
        to {
          transform: rotate(360deg);
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .spinner {
          animation: none;
        }
      }
    `,
  ];

  @property({ attribute: false }) validation: ProposalValidation | null = null;
  /** The proposal is `validating`: the log is still being written. */
  @property({ type: Boolean }) running = false;

  override render() {
    const validation = this.validation;
    if (!validation) {
      return this.running
        ? html`<p class="running" role="status"><span class="spinner" aria-hidden="true"></span>Running… the checks have not reported yet.</p>`
        : html`<p class="muted">Not validated yet. The repository's checks run in a sandbox before a proposal waits for approval.</p>`;
    }
    const running = validation.status === 'running';
    return html`<div role="status" aria-live="polite">
        ${running
          ? html`<span class="running"><span class="spinner" aria-hidden="true"></span>Running…</span>`
          : html`<hive-status-chip label=${VALIDATION_LABELS[validation.status]} tone=${VALIDATION_TONES[validation.status]}></hive-status-chip>`}
      </div>
      <dl>
        <dt>Runner</dt>
        <dd>${RUNNER_LABELS[validation.runner]}</dd>
        <dt>Isolation</dt>
        <dd>
          ${validation.isolation.length > 0
            ? html`<ul>
                ${validation.isolation.map((item) => html`<li>${item}</li>`)}
              </ul>`
            : html`<span class="muted">None reported</span>`}
        </dd>
        <dt>Command</dt>
        <dd>${validation.command ? html`<code>${validation.command}</code>` : html`<span class="muted">None</span>`}</dd>
        <dt>Exit code</dt>
        <dd>
          ${validation.exitCode ?? html`<span class="muted">${running ? 'Not yet' : 'None'}</span>`}${validation.timedOut
            ? html` <strong>(timed out)</strong>`
            : nothing}
        </dd>
        <dt>Duration</dt>
        <dd>${validation.durationMs !== null ? formatMs(validation.durationMs) : html`<span class="muted">${running ? 'Still running' : 'Unknown'}</span>`}</dd>
        <dt>Started</dt>
        <dd>${formatDateTime(validation.startedAt)}</dd>
        ${validation.finishedAt
          ? html`<dt>Finished</dt>
              <dd>${formatDateTime(validation.finishedAt)}</dd>`
          : nothing}
      </dl>
      <pre tabindex="0" aria-label="Validation output">${validation.output || (running ? 'Waiting for output…' : '(no output)')}</pre>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-validation-log': HiveValidationLog;
  }
}
