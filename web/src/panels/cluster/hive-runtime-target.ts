import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { Runtime, RuntimeTarget } from '../../api/types.js';
import '../../components/hive-status-chip.js';
import { AGENT_STATUS_TONES, AGENT_TYPE_LABELS, RUNTIME_LABELS, type Tone, humanize } from '../../format/labels.js';
import { renderTimeAgo } from '../../format/time.js';
import { buttonStyles, cardStyles, focusStyles, visuallyHiddenStyles } from '../../styles/shared-styles.js';

export const DRAIN_REQUEST_EVENT = 'hive-drain-request';
export const DEREGISTER_REQUEST_EVENT = 'hive-deregister-request';

const HEALTH: Record<RuntimeTarget['status'], { label: string; tone: Tone }> = {
  ok: { label: 'Healthy', tone: 'success' },
  degraded: { label: 'Degraded', tone: 'warning' },
  down: { label: 'Down', tone: 'danger' },
};

/** Above this share of its capacity a target's load bar turns amber, at capacity red. */
const BUSY_SHARE = 0.8;

/**
 * One runtime target: its health and what the health check said, its load (running
 * agents against capacity), whether it is draining, and the agents running there. Admins
 * get Drain/Undrain, which asks the panel (DRAIN_REQUEST_EVENT) to confirm and send it.
 */
@customElement('hive-runtime-target')
export class HiveRuntimeTarget extends LitElement {
  static override styles = [
    buttonStyles,
    cardStyles,
    focusStyles,
    visuallyHiddenStyles,
    css`
      :host {
        display: block;
      }
      .card {
        display: grid;
        gap: 0.75rem;
        height: 100%;
      }
      header {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
      }
      h2 {
        margin: 0;
        margin-right: auto;
        font-size: 1.125rem;
        overflow-wrap: anywhere;
      }
      .chips {
        display: flex;
        flex-wrap: wrap;
        gap: 0.375rem;
      }
      p {
        margin: 0;
        color: var(--hive-text-muted);
        overflow-wrap: anywhere;
      }
      code {
        font-family: var(--hive-mono);
        font-size: 0.875em;
      }
      .heartbeat {
        font-size: 0.875rem;
      }
      .load {
        display: grid;
        gap: 0.375rem;
      }
      .load-text {
        display: flex;
        justify-content: space-between;
        gap: 1rem;
        font-size: 0.875rem;
      }
      .bar {
        height: 0.625rem;
        border-radius: 999px;
        background: var(--hive-surface-raised);
        border: 1px solid var(--hive-border);
        overflow: hidden;
      }
      .fill {
        height: 100%;
        background: var(--hive-tone-success-fg);
      }
      .fill.busy {
        background: var(--hive-brand);
      }
      .fill.full {
        background: var(--hive-tone-danger-fg);
      }
      h3 {
        margin: 0;
        font-size: 0.9375rem;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.25rem;
      }
      li {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0 0.75rem;
        padding: 0;
        border-top: 1px solid var(--hive-border);
      }
      .agent-name {
        display: inline-flex;
        align-items: center;
        min-height: var(--hive-touch);
        color: var(--hive-link);
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      .agent-type {
        color: var(--hive-text-muted);
        font-size: 0.875rem;
        margin-right: auto;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
    `,
  ];

  @property({ attribute: false }) target?: RuntimeTarget;
  /** Show Drain/Undrain (admins). */
  @property({ type: Boolean, attribute: 'can-drain' }) canDrain = false;
  /** A drain or undrain of this target is being sent. */
  @property({ type: Boolean }) busy = false;

  override render() {
    const target = this.target;
    if (!target) return nothing;
    const health = HEALTH[target.status];
    const headingId = `target-${target.id}`;
    return html`<article class="card" aria-labelledby=${headingId}>
      <header>
        <h2 id=${headingId}>${target.name}</h2>
        <div class="chips">
          <hive-status-chip label=${kindLabel(target.kind)} tone="neutral"></hive-status-chip>
          <hive-status-chip label=${health.label} tone=${health.tone}></hive-status-chip>
          ${target.draining ? html`<hive-status-chip label="Draining" tone="warning"></hive-status-chip>` : nothing}
        </div>
      </header>
      ${target.detail ? html`<p>${target.detail}</p>` : nothing}
      ${target.address ? html`<p>Address <code>${target.address}</code></p>` : nothing}
      <p class="heartbeat">
        ${target.lastHeartbeatAt ? html`Last heartbeat ${renderTimeAgo(target.lastHeartbeatAt)}` : 'No heartbeat yet'}
        ${target.failedProbes > 0 ? html` · ${target.failedProbes} failed probe${target.failedProbes === 1 ? '' : 's'} in a row` : nothing}
      </p>
      ${this.renderLoad(target)}
      ${target.draining ? html`<p>Draining: no new agents are placed here; the ones running keep running.</p>` : nothing}
      <section aria-labelledby=${`${headingId}-agents`}>
        <h3 id=${`${headingId}-agents`}>Agents here (${target.agents.length})</h3>
        ${target.agents.length === 0
          ? html`<p>No agents are running here.</p>`
          : html`<ul aria-label="Agents on ${target.name}">
              ${repeat(
                target.agents,
                (agent) => agent.id,
                (agent) => html`<li>
                  <a class="agent-name" href=${`/agents/${agent.id}`}>${agent.name}</a>
                  <span class="agent-type">${AGENT_TYPE_LABELS[agent.type]}</span>
                  <hive-status-chip status=${agent.status} tone=${AGENT_STATUS_TONES[agent.status]}></hive-status-chip>
                </li>`,
              )}
            </ul>`}
      </section>
      ${this.canDrain
        ? html`<div class="actions">
            <button type="button" ?disabled=${this.busy} @click=${this.requestDrain}>
              ${this.busy ? 'Sending…' : target.draining ? 'Undrain' : 'Drain'}
              <span class="visually-hidden">${target.name}</span>
            </button>
            ${target.registered
              ? html`<button type="button" class="danger" ?disabled=${this.busy} @click=${this.requestDeregister}>
                  Deregister<span class="visually-hidden"> ${target.name}</span>
                </button>`
              : nothing}
          </div>`
        : nothing}
    </article>`;
  }

  private renderLoad(target: RuntimeTarget) {
    if (target.capacity === null || target.capacity <= 0) {
      return html`<div class="load">
        <div class="load-text"><span>${target.running} running</span><span>No set capacity</span></div>
      </div>`;
    }
    const share = target.running / target.capacity;
    const percent = Math.round(share * 100);
    const fill = share >= 1 ? 'full' : share >= BUSY_SHARE ? 'busy' : '';
    return html`<div class="load">
      <div class="load-text">
        <span>${target.running} of ${target.capacity} running</span>
        <span>${percent}% load</span>
      </div>
      <div
        class="bar"
        role="meter"
        aria-label="Load of ${target.name}"
        aria-valuemin="0"
        aria-valuemax=${target.capacity}
        aria-valuenow=${Math.min(target.running, target.capacity)}
        aria-valuetext="${target.running} of ${target.capacity} running, ${percent}%"
      >
        <div class="fill ${fill}" style=${styleMap({ width: `${Math.min(100, percent)}%` })}></div>
      </div>
    </div>`;
  }

  private requestDeregister(): void {
    if (!this.target) return;
    this.dispatchEvent(new CustomEvent(DEREGISTER_REQUEST_EVENT, { detail: { target: this.target } }));
  }

  private requestDrain(): void {
    if (!this.target) return;
    this.dispatchEvent(new CustomEvent(DRAIN_REQUEST_EVENT, { detail: { target: this.target, drain: !this.target.draining } }));
  }
}

function kindLabel(kind: string): string {
  return kind in RUNTIME_LABELS ? RUNTIME_LABELS[kind as Runtime] : humanize(kind);
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-runtime-target': HiveRuntimeTarget;
  }
  interface HTMLElementEventMap {
    [DRAIN_REQUEST_EVENT]: CustomEvent<{ target: RuntimeTarget; drain: boolean }>;
    [DEREGISTER_REQUEST_EVENT]: CustomEvent<{ target: RuntimeTarget }>;
  }
}
