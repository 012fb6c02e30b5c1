import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Agent } from '../api/types.js';
import { AGENT_STATUS_TONES, AGENT_TYPE_LABELS, RUNTIME_LABELS } from '../format/labels.js';
import { formatDateTime, timeAgo } from '../format/time.js';
import './hive-status-chip.js';

/** One page of agents as cards that become table-like rows when there is room. */
@customElement('hive-agent-list')
export class HiveAgentList extends LitElement {
  static override styles = css`
    :host {
      display: block;
      container-type: inline-size;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 0.5rem;
    }
    li {
      display: grid;
      grid-template-columns: minmax(0, 1fr) auto;
      gap: 0.25rem 1rem;
      align-items: center;
      padding: 0.75rem 1rem;
      background: var(--hive-surface);
      border: 1px solid var(--hive-border);
      border-radius: var(--hive-radius);
    }
    .name {
      font-weight: 650;
      overflow-wrap: anywhere;
    }
    .meta {
      grid-column: 1 / -1;
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 1rem;
      color: var(--hive-text-muted);
      font-size: 0.875rem;
    }
    @container (min-width: 720px) {
      li {
        grid-template-columns: minmax(0, 2fr) 9rem minmax(0, 3fr);
      }
      .meta {
        grid-column: auto;
      }
    }
  `;

  @property({ attribute: false }) agents: readonly Agent[] = [];

  override render() {
    const now = Date.now();
    return html`<ul aria-label="Agents">
      ${repeat(
        this.agents,
        (agent) => agent.id,
        (agent) => html`<li>
          <span class="name">${agent.name}</span>
          <hive-status-chip status=${agent.status} tone=${AGENT_STATUS_TONES[agent.status]}></hive-status-chip>
          <span class="meta">
            <span>${AGENT_TYPE_LABELS[agent.type]}</span>
            <span>${RUNTIME_LABELS[agent.runtime]}</span>
            <span>
              ${agent.lastHeartbeatAt
                ? html`Heartbeat
                    <time datetime=${agent.lastHeartbeatAt} title=${formatDateTime(agent.lastHeartbeatAt)}
                      >${timeAgo(agent.lastHeartbeatAt, now)}</time
                    >`
                : 'No heartbeat yet'}
            </span>
            <span>Created <time datetime=${agent.createdAt} title=${formatDateTime(agent.createdAt)}>${timeAgo(agent.createdAt, now)}</time></span>
          </span>
        </li>`,
      )}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-agent-list': HiveAgentList;
  }
}
