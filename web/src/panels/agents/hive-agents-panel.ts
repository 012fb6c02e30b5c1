import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Agent, AgentStatus, AgentTypeKey, Task } from '../../api/types.js';
import type { AgentActionRequest } from '../../components/hive-agent-list.js';
import '../../components/hive-agent-list.js';
import '../../components/hive-stale-notice.js';
import { AgentActionsController } from '../../controllers/agent-actions-controller.js';
import { ClockController } from '../../controllers/clock-controller.js';
import { InlineCreateController } from '../../controllers/inline-create-controller.js';
import { LiveController } from '../../controllers/live-controller.js';
import { LiveListController } from '../../controllers/live-list-controller.js';
import { AGENT_STATUSES, AGENT_TYPES, AGENT_TYPE_LABELS, humanize } from '../../format/labels.js';
import type { ListQuery } from '../../router/list-query.js';
import { fleetSpec } from '../../state/agents.js';
import { tasksSpec } from '../../state/tasks.js';
import { type ListPanelView, listPanelStyles, renderListPanel } from '../list-panel.js';
import './hive-agent-create-form.js';

/** The fleet's work in progress, for "Working on …" on each agent. */
const RUNNING_TASKS = tasksSpec({ statuses: ['assigned', 'running'] });

function matchesAgent(agent: Agent, filters: ListQuery<AgentStatus, AgentTypeKey>): boolean {
  if (filters.status && agent.status !== filters.status) return false;
  if (filters.type && agent.type !== filters.type) return false;
  return !filters.q || agent.name.toLowerCase().includes(filters.q.toLowerCase());
}

/**
 * The fleet: every agent, live — new agents appear, statuses change and heartbeats tick
 * without a reload — filterable by status, type and name (in the URL), with the actions
 * each agent's status allows.
 */
@customElement('hive-agents-panel')
export class HiveAgentsPanel extends LitElement {
  static override styles = listPanelStyles;

  /** The URL's query parameters, from the router. */
  @property({ attribute: false }) query = new URLSearchParams();

  private readonly list = new LiveListController(this, {
    path: '/agents',
    statuses: AGENT_STATUSES,
    types: AGENT_TYPES,
    spec: fleetSpec,
    matches: matchesAgent,
  });
  private readonly running = new LiveController(this, () => RUNNING_TASKS);
  private readonly create = new InlineCreateController<Agent>(this, () => undefined);
  private readonly actions = new AgentActionsController(this);
  private readonly clock = new ClockController(this);

  override render() {
    return html`${this.actions.renderFailure()}${renderListPanel(this.list, this.create, this.view())}`;
  }

  private view(): ListPanelView<Agent> {
    const current = new Map<string, Task>();
    for (const task of this.running.value?.state.items ?? []) {
      if (task.assignedAgentId) current.set(task.assignedAgentId, task);
    }
    const busy = new Set(this.list.page.value?.items.filter((agent) => this.actions.busy(agent.id)).map((agent) => agent.id));
    return {
      heading: 'Agents',
      description: this.actions.allowed
        ? 'Every agent in the fleet, live: its type, runtime, state and current work.'
        : 'Every agent in the fleet, live. You can watch them; changing them takes the operator role.',
      newLabel: 'New agent',
      renderCreateForm: (create) => html`<hive-agent-create-form
        @hive-agent-created=${(event: CustomEvent<Agent>) => create.done(event.detail)}
        @hive-form-cancel=${() => create.cancel()}
      ></hive-agent-create-form>`,
      createdNotice: (agent) => `Agent “${agent.name}” created.${agent.status === 'starting' ? ' Its worker is starting.' : ''}`,
      noun: 'agents',
      nounSingular: 'agent',
      searchLabel: 'Search agents',
      searchPlaceholder: 'Name',
      selects: [
        { key: 'status', label: 'Status', anyLabel: 'All statuses', options: AGENT_STATUSES.map((status) => ({ value: status, label: humanize(status) })) },
        { key: 'type', label: 'Type', anyLabel: 'All types', options: AGENT_TYPES.map((type) => ({ value: type, label: AGENT_TYPE_LABELS[type] })) },
      ],
      filteredHint: 'Try another status, type or name.',
      emptyIcon: 'agents',
      emptyHint: {
        canCreate: 'Create one with “New agent”, or through the REST API (POST /api/v1/agents).',
        readOnly: 'Agents appear here once an operator creates them or starts a session.',
      },
      renderItems: (agents) => html`<hive-stale-notice .since=${this.list.collection?.state.staleSince ?? null}></hive-stale-notice>
        <hive-agent-list
        .agents=${agents}
        .currentTasks=${current}
        .now=${this.clock.now}
        .busy=${busy}
        ?can-operate=${this.actions.allowed}
        @hive-agent-action=${(event: CustomEvent<AgentActionRequest>) => void this.actions.run(event.detail.agent, event.detail.action)}
      ></hive-agent-list>`,
    };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-agents-panel': HiveAgentsPanel;
  }
}
