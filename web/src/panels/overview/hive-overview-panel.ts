import { LitElement, type TemplateResult, css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import type { ClusterView, Health, SystemStatus } from '../../api/types.js';
import '../../components/hive-empty-state.js';
import '../../components/hive-error-state.js';
import '../../components/hive-event-list.js';
import '../../components/hive-icon.js';
import '../../components/hive-loading.js';
import '../../components/hive-page-header.js';
import '../../components/hive-sparkline.js';
import type { StatBreakdown } from '../../components/hive-stat-card.js';
import '../../components/hive-stat-card.js';
import '../../components/hive-status-chip.js';
import { ClockController } from '../../controllers/clock-controller.js';
import { LiveController } from '../../controllers/live-controller.js';
import { AGENT_STATUSES, AGENT_STATUS_TONES, TASK_STATUSES, TASK_STATUS_TONES, type Tone, humanize } from '../../format/labels.js';
import { formatDateTime, formatDuration } from '../../format/time.js';
import { fleetSpec } from '../../state/agents.js';
import { eventFeedSpec, eventsSpec } from '../../state/events.js';
import type { LiveValue } from '../../state/live-value.js';
import { clusterSpec, healthSpec, pendingApprovalsSpec, systemStatusSpec } from '../../state/overview.js';
import { buttonStyles, cardStyles, stackedPanelStyles } from '../../styles/shared-styles.js';
import { renderCollection } from '../detail-page.js';
import { throughput } from './throughput.js';

/** How many of the newest domain events the overview lists. */
const RECENT_EVENT_COUNT = 10;
/** Task updates the sparklines start from (then live); enough for a busy half hour on most fleets. */
const TASK_UPDATE_HISTORY = 500;
const TASK_UPDATES = eventsSpec({ type: 'task.updated', limit: TASK_UPDATE_HISTORY });

const HEALTH_TONES: Record<Health['status'], Tone> = { ok: 'success', degraded: 'warning', down: 'danger' };

/**
 * The fleet at a glance, live: agents and tasks by status, the queue's depth, proposals
 * waiting for a person, completions and failures per minute over the last half hour,
 * the hub's and the cluster's health, and the newest domain events.
 */
@customElement('hive-overview-panel')
export class HiveOverviewPanel extends LitElement {
  static override styles = [
    buttonStyles,
    cardStyles,
    stackedPanelStyles,
    css`
      a {
        color: var(--hive-link);
      }
      .stats {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 9.5rem), 1fr));
        gap: 1rem;
      }
      .columns {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 22rem), 1fr));
        gap: 1rem;
      }
      dl {
        display: grid;
        grid-template-columns: max-content minmax(0, 1fr);
        gap: 0.5rem 1rem;
        align-items: center;
        margin: 0;
      }
      dt {
        color: var(--hive-text-muted);
      }
      dd {
        margin: 0;
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
        overflow-wrap: anywhere;
      }
      .note {
        margin: 0;
        color: var(--hive-text-muted);
        font-size: 0.875rem;
      }
      .series {
        display: grid;
        gap: 0.25rem;
      }
      .series + .series {
        margin-top: 1rem;
      }
      .series-head {
        display: flex;
        justify-content: space-between;
        gap: 0.5rem;
        flex-wrap: wrap;
      }
      .series-head strong {
        font-size: 1.25rem;
      }
      .axis {
        display: flex;
        justify-content: space-between;
        color: var(--hive-text-muted);
        font-size: 0.75rem;
      }
      h3 {
        margin: 1rem 0 0.5rem;
        font-size: 1rem;
      }
      ul.targets {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.5rem;
      }
      ul.targets li {
        display: grid;
        grid-template-columns: minmax(0, 1fr) auto;
        gap: 0.125rem 0.75rem;
        padding: 0.5rem 0;
        border-top: 1px solid var(--hive-border);
      }
      ul.targets .note {
        grid-column: 1 / -1;
      }
      .more {
        display: inline-flex;
        align-items: center;
        min-height: var(--hive-touch);
        margin-top: 0.5rem;
        font-weight: 600;
      }
    `,
  ];

  private readonly status = new LiveController(this, () => systemStatusSpec);
  private readonly health = new LiveController(this, () => healthSpec);
  private readonly cluster = new LiveController(this, () => clusterSpec);
  private readonly approvals = new LiveController(this, () => pendingApprovalsSpec);
  private readonly events = new LiveController(this, () => eventFeedSpec);
  private readonly taskUpdates = new LiveController(this, () => TASK_UPDATES);
  /** Agents' names for "by …" in the recent activity. */
  private readonly fleet = new LiveController(this, () => fleetSpec);
  /** Moves the sparklines' window along. */
  private readonly clock = new ClockController(this, 20_000);

  override render() {
    return html`<hive-page-header heading="Overview" description="The fleet at a glance, live."></hive-page-header>
      ${renderValue(this.status.value, 'fleet counts', (status) => this.renderStats(status))}
      <div class="columns">
        <section class="card" aria-labelledby="throughput-heading">
          <h2 id="throughput-heading">Throughput</h2>
          ${this.renderThroughput()}
        </section>
        <section class="card" aria-labelledby="health-heading">
          <h2 id="health-heading">Cluster health</h2>
          ${renderValue(this.health.value, 'hub health', (health) => renderHealth(health))}
          ${this.renderCluster()}
        </section>
      </div>
      <section class="card" aria-labelledby="events-heading">
        <h2 id="events-heading">Recent activity</h2>
        ${this.renderEvents()}
      </section>`;
  }

  private renderStats(status: SystemStatus): TemplateResult {
    const agents = breakdown(status.counts.agents, AGENT_STATUSES, AGENT_STATUS_TONES);
    const tasks = breakdown(status.counts.tasks, TASK_STATUSES, TASK_STATUS_TONES);
    const queued = (['pending', 'ready', 'retrying'] as const).map((key) => ({ key, count: status.counts.tasks[key] ?? 0 }));
    const depth = queued.reduce((total, entry) => total + entry.count, 0);
    const approvals = this.approvals.value?.state;
    return html`<div class="stats">
      <hive-stat-card heading="Agents" href="/agents" value=${sum(agents)} .breakdown=${agents} note="No agents yet."></hive-stat-card>
      <hive-stat-card heading="Tasks" href="/tasks" value=${sum(tasks)} .breakdown=${tasks} note="No tasks yet."></hive-stat-card>
      <hive-stat-card
        heading="Queue depth"
        href="/tasks"
        value=${depth}
        .breakdown=${queued
          .filter((entry) => entry.count > 0)
          .map((entry) => ({ key: entry.key, label: humanize(entry.key), count: entry.count, tone: TASK_STATUS_TONES[entry.key] }))}
        note="Nothing waiting: every task is running or done."
      ></hive-stat-card>
      <hive-stat-card
        heading="Waiting for approval"
        href="/approvals"
        value=${approvals?.value ?? (approvals?.status === 'error' ? '—' : '…')}
        note=${approvals?.status === 'error'
          ? "Couldn't count the proposals."
          : approvals?.value
            ? 'Proposals a person must review before they apply.'
            : 'No proposal waits for a decision.'}
      ></hive-stat-card>
      <hive-stat-card
        heading="System"
        value=${status.sleeping ? 'Sleeping' : 'Awake'}
        note=${status.sleeping ? sleepNote(status) : 'Agents pick up work as it arrives.'}
      ></hive-stat-card>
    </div>`;
  }

  private renderThroughput(): unknown {
    return renderCollection(this.taskUpdates.value, 'task activity', ({ items }) => {
      const series = throughput(items, this.clock.now, TASK_UPDATE_HISTORY);
      return html`${renderSeries('Completed', series.completed, 'success')}
        ${renderSeries('Failed', series.failed, 'danger')}
        ${series.partial
          ? html`<p class="note">Counted from the last ${TASK_UPDATE_HISTORY} task updates, which reach back ${series.coveredMinutes} minutes.</p>`
          : nothing}`;
    });
  }

  private renderCluster(): unknown {
    const state = this.cluster.value?.state;
    if (!state || state.status === 'loading' || state.value === null) return nothing;
    if (state.status === 'error' || !state.value) return html`<p class="note">The cluster view is not available.</p>`;
    return renderTargets(state.value);
  }

  private renderEvents(): unknown {
    return renderCollection(this.events.value, 'recent activity', ({ items }) => {
      if (items.length === 0) {
        return html`<hive-empty-state heading="No activity yet" icon="events">
          <p>Creating agents, queueing tasks and approving changes all show up here.</p>
        </hive-empty-state>`;
      }
      const fleet = this.fleet.value;
      return html`<hive-event-list
          .events=${items.slice(0, RECENT_EVENT_COUNT)}
          .agentName=${(id: string) => fleet?.get(id)?.name}
          .now=${this.clock.now}
        ></hive-event-list>
        <a class="more" href="/events">All events</a>`;
    });
  }
}

/**
 * Loading → error (with Retry) → value, for each live value. A value that loaded once
 * stays on screen while it reloads, or if a reload fails.
 */
function renderValue<T>(resource: LiveValue<T> | null, what: string, render: (value: T) => unknown): unknown {
  return renderCollection(resource, what, (state) => render(state.value as T));
}

function renderSeries(label: string, values: readonly number[], tone: Tone): TemplateResult {
  const total = values.reduce((a, b) => a + b, 0);
  const peak = Math.max(0, ...values);
  const lastMinute = values.at(-1) ?? 0;
  return html`<div class="series">
    <div class="series-head">
      <span>${label} <strong>${total}</strong> in 30 min</span>
      <span class="note">${lastMinute} in the last minute · peak ${peak}/min</span>
    </div>
    <hive-sparkline
      tone=${tone}
      .values=${values}
      label="${label} tasks per minute over the last 30 minutes: ${total} in all, at most ${peak} in a minute, ${lastMinute} in the last minute."
    ></hive-sparkline>
    <div class="axis" aria-hidden="true"><span>30 min ago</span><span>now</span></div>
  </div>`;
}

function renderHealth(health: Health): TemplateResult {
  const components = Object.entries(health.components);
  return html`<dl>
    <dt>Hub</dt>
    <dd><hive-status-chip status=${health.status} tone=${HEALTH_TONES[health.status]}></hive-status-chip></dd>
    <dt>Model</dt>
    <dd>
      ${health.model.offline
        ? html`<hive-status-chip tone="warning" label="Offline model"></hive-status-chip>
            <span class="note">A deterministic stand-in for demos and benchmarks: agents do no real work.</span>`
        : health.model.provider}
    </dd>
    ${components.map(
      ([name, component]) => html`<dt>${humanize(name)}</dt>
        <dd>
          <hive-status-chip status=${component.status} tone=${HEALTH_TONES[component.status]}></hive-status-chip>
          <span class="note">${component.adapter}${component.latencyMs !== undefined ? ` · ${Math.round(component.latencyMs)} ms` : ''}</span>
          ${component.error ? html`<span class="note">${component.error}</span>` : nothing}
        </dd>`,
    )}
    <dt>Version</dt>
    <dd>${health.version}</dd>
    <dt>Up for</dt>
    <dd>${formatDuration(health.uptimeSeconds)}</dd>
  </dl>`;
}

function renderTargets(cluster: ClusterView): TemplateResult {
  if (cluster.targets.length === 0) return html`<p class="note">No runtime targets are configured.</p>`;
  return html`<h3>Runtime targets</h3>
    <ul class="targets" aria-label="Runtime targets">
      ${cluster.targets.map(
        (target) => html`<li>
          <span>${target.name} <span class="note">(${target.kind})</span></span>
          <hive-status-chip status=${target.status} tone=${HEALTH_TONES[target.status]}></hive-status-chip>
          <span class="note">
            ${target.running} running${target.capacity !== null ? ` of ${target.capacity}` : ''}${target.draining ? ' · draining' : ''}${target.detail
              ? ` · ${target.detail}`
              : ''}
          </span>
        </li>`,
      )}
    </ul>
    <a class="more" href="/cluster">The cluster</a>`;
}

/** Non-zero counts in the schema's status order; statuses the UI does not know go last. */
function breakdown<S extends string>(counts: Record<string, number>, order: readonly S[], tones: Record<S, Tone>): StatBreakdown[] {
  const known = order.filter((status) => (counts[status] ?? 0) > 0);
  const unknown = Object.keys(counts).filter((key) => !(order as readonly string[]).includes(key) && (counts[key] ?? 0) > 0);
  return [
    ...known.map((key) => ({ key, label: humanize(key), count: counts[key] ?? 0, tone: tones[key] })),
    ...unknown.map((key) => ({ key, label: humanize(key), count: counts[key] ?? 0, tone: 'neutral' as const })),
  ];
}

function sleepNote(status: SystemStatus): string {
  const cycle = status.currentCycle;
  if (!cycle) return 'No new work starts until the system wakes.';
  return `Since ${formatDateTime(cycle.sleptAt)}: ${cycle.reason}.`;
}

function sum(entries: readonly StatBreakdown[]): number {
  return entries.reduce((total, entry) => total + entry.count, 0);
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-overview-panel': HiveOverviewPanel;
  }
}
