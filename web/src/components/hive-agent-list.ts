import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Agent } from '../api/types.js';
import { AGENT_STATUS_TONES, AGENT_TYPE_LABELS, RUNTIME_LABELS } from '../format/labels.js';
import { renderTimeAgo } from '../format/time.js';
import { cardListStyles, renderCardList } from './card-list.js';
import './hive-status-chip.js';

/** One page of agents as cards that become table-like rows when there is room. */
@customElement('hive-agent-list')
export class HiveAgentList extends LitElement {
  static override styles = [
    cardListStyles,
    css`
      @container (min-width: 720px) {
        li {
          grid-template-columns: minmax(0, 2fr) 9rem minmax(0, 3fr);
        }
        .meta {
          grid-column: auto;
        }
      }
    `,
  ];

  @property({ attribute: false }) agents: readonly Agent[] = [];

  override render() {
    const now = Date.now();
    return renderCardList(
      'Agents',
      this.agents,
      (agent) => html`<span class="name">${agent.name}</span>
        <hive-status-chip status=${agent.status} tone=${AGENT_STATUS_TONES[agent.status]}></hive-status-chip>
        <span class="meta">
          <span>${AGENT_TYPE_LABELS[agent.type]}</span>
          <span>${RUNTIME_LABELS[agent.runtime]}</span>
          <span>${agent.lastHeartbeatAt ? html`Heartbeat ${renderTimeAgo(agent.lastHeartbeatAt, now)}` : 'No heartbeat yet'}</span>
          <span>Created ${renderTimeAgo(agent.createdAt, now)}</span>
        </span>`,
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-agent-list': HiveAgentList;
  }
}
