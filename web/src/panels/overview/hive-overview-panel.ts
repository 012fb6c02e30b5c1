import { Task, TaskStatus } from '@lit/task';
import { LitElement, css, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { fetchRecentEvents } from '../../api/events.js';
import { fetchHealth, fetchSystemStatus } from '../../api/system.js';
import type { DomainEvent, Health, SystemStatus } from '../../api/types.js';
import '../../components/hive-empty-state.js';
import '../../components/hive-error-state.js';
import '../../components/hive-event-list.js';
import '../../components/hive-icon.js';
import '../../components/hive-loading.js';
import '../../components/hive-page-header.js';
import type { StatBreakdown } from '../../components/hive-stat-card.js';
import '../../components/hive-stat-card.js';
import '../../components/hive-status-chip.js';
import { AGENT_STATUSES, AGENT_STATUS_TONES, TASK_STATUSES, TASK_STATUS_TONES, type Tone, humanize } from '../../format/labels.js';
import { formatDateTime, formatDuration } from '../../format/time.js';
import { buttonStyles, cardStyles, stackedPanelStyles } from '../../styles/shared-styles.js';

/** How many of the newest domain events the overview lists. */
const RECENT_EVENT_COUNT = 10;

const HEALTH_TONES: Record<Health['status'], Tone> = { ok: 'success', degraded: 'warning', down: 'danger' };

/**
 * The fleet at a glance: agent and task counts by status, the hub's health (including
 * whether the model is the offline stand-in) and the latest domain events.
 */
@customElement('hive-overview-panel')
export class HiveOverviewPanel extends LitElement {
  static override styles = [
    buttonStyles,
    cardStyles,
    stackedPanelStyles,
    css`
      .stats {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr));
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
        color: var(--hive-text-muted);
        font-size: 0.875rem;
      }
    `,
  ];

  private readonly status = new Task(this, {
    task: (_args, { signal }) => fetchSystemStatus(signal),
    args: () => [],
  });

  private readonly health = new Task(this, {
    task: (_args, { signal }) => fetchHealth(signal),
    args: () => [],
  });

  private readonly events = new Task(this, {
    task: (_args, { signal }) => fetchRecentEvents(RECENT_EVENT_COUNT, signal),
    args: () => [],
  });

  override render() {
    return html`<hive-page-header heading="Overview" description="The fleet at a glance.">
        <button slot="actions" type="button" @click=${this.refresh}>
          <hive-icon name="refresh"></hive-icon>Refresh
        </button>
      </hive-page-header>
      ${this.renderLoad(this.status, 'fleet counts', (status) => this.renderStats(status))}
      <section class="card" aria-labelledby="health-heading">
        <h2 id="health-heading">Hub health</h2>
        ${this.renderLoad(this.health, 'hub health', (health) => this.renderHealthDetails(health))}
      </section>
      <section class="card" aria-labelledby="events-heading">
        <h2 id="events-heading">Recent activity</h2>
        ${this.renderLoad(this.events, 'recent activity', (events) => this.renderEvents(events))}
      </section>`;
  }

  private renderStats(status: SystemStatus) {
    const agents = breakdown(status.counts.agents, AGENT_STATUSES, AGENT_STATUS_TONES);
    const tasks = breakdown(status.counts.tasks, TASK_STATUSES, TASK_STATUS_TONES);
    return html`<div class="stats">
      <hive-stat-card
        heading="Agents"
        href="/agents"
        value=${sum(agents)}
        .breakdown=${agents}
        note="No agents yet."
      ></hive-stat-card>
      <hive-stat-card heading="Tasks" href="/tasks" value=${sum(tasks)} .breakdown=${tasks} note="No tasks yet."></hive-stat-card>
      <hive-stat-card
        heading="System"
        value=${status.sleeping ? 'Sleeping' : 'Awake'}
        note=${status.sleeping ? sleepNote(status) : 'Agents pick up work as it arrives.'}
      ></hive-stat-card>
    </div>`;
  }

  private renderHealthDetails(health: Health) {
    const components = Object.entries(health.components);
    return html`<dl>
      <dt>Status</dt>
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

  private renderEvents(events: readonly DomainEvent[]) {
    if (events.length === 0) {
      return html`<hive-empty-state heading="No activity yet" icon="events">
        <p>Creating agents, queueing tasks and approving changes all show up here.</p>
      </hive-empty-state>`;
    }
    return html`<hive-event-list .events=${events}></hive-event-list>`;
  }

  /**
   * The loading → error (with retry) → value flow shared by the three loads. A reload
   * keeps showing the previous value until the new one arrives.
   */
  private renderLoad<T>(task: Task<readonly [], T>, what: string, render: (value: T) => unknown) {
    if (task.status === TaskStatus.ERROR) {
      return html`<hive-error-state heading="Couldn't load ${what}" .error=${task.error} @hive-retry=${() => task.run()}></hive-error-state>`;
    }
    if (task.value === undefined) return html`<hive-loading label="Loading ${what}…"></hive-loading>`;
    return render(task.value);
  }

  private readonly refresh = (): void => {
    void this.status.run();
    void this.health.run();
    void this.events.run();
  };
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
