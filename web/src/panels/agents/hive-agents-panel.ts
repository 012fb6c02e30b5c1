import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { listAgents } from '../../api/agents.js';
import type { Agent } from '../../api/types.js';
import '../../components/hive-agent-list.js';
import { InlineCreateController } from '../../controllers/inline-create-controller.js';
import { ListQueryController } from '../../controllers/list-query-controller.js';
import { AGENT_STATUSES, AGENT_TYPES, AGENT_TYPE_LABELS, humanize } from '../../format/labels.js';
import { type ListPanelView, listPanelStyles, renderListPanel } from '../list-panel.js';
import './hive-agent-create-form.js';

const VIEW: ListPanelView<Agent> = {
  heading: 'Agents',
  description: 'Every agent in the fleet, its type, runtime and state.',
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
  renderItems: (agents) => html`<hive-agent-list .agents=${agents}></hive-agent-list>`,
};

/** The fleet: every agent, filterable by status, type and name, a page at a time. */
@customElement('hive-agents-panel')
export class HiveAgentsPanel extends LitElement {
  static override styles = listPanelStyles;

  /** The URL's query parameters, from the router. */
  @property({ attribute: false }) query = new URLSearchParams();

  private readonly list = new ListQueryController(this, { path: '/agents', statuses: AGENT_STATUSES, types: AGENT_TYPES, load: listAgents });
  private readonly create = new InlineCreateController<Agent>(this, () => this.list.reload());

  override render() {
    return renderListPanel(this.list, this.create, VIEW);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-agents-panel': HiveAgentsPanel;
  }
}
