import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Agent, Task } from '../api/types.js';
import { AGENT_ACTION_LABELS, type AgentAction, agentActions } from '../controllers/agent-actions-controller.js';
import { AGENT_STATUS_TONES, AGENT_TYPE_LABELS, RUNTIME_LABELS } from '../format/labels.js';
import { formatCost, formatTokens } from '../format/numbers.js';
import { formatDateTime, renderTimeAgo, shortAgo } from '../format/time.js';
import { buttonStyles, focusStyles } from '../styles/shared-styles.js';
import { cardListStyles, renderCardList } from './card-list.js';
import './hive-status-chip.js';

export const AGENT_ACTION_EVENT = 'hive-agent-action';

export interface AgentActionRequest {
  agent: Agent;
  action: AgentAction;
}

/**
 * Agents as cards that become table-like rows when there is room: name (a link to the
 * agent's page), status, type, runtime, the task it works on, its last heartbeat (ticking
 * with `now`), tokens and cost, and the actions its status allows. Actions are announced
 * with AGENT_ACTION_EVENT; they are disabled while one runs, and for viewers.
 */
@customElement('hive-agent-list')
export class HiveAgentList extends LitElement {
  static override styles = [
    buttonStyles,
    focusStyles,
    cardListStyles,
    css`
      a.name {
        display: inline-flex;
        align-items: center;
        min-height: var(--hive-touch);
        min-width: var(--hive-touch);
        color: var(--hive-link);
        text-decoration: none;
      }
      a.name:hover {
        text-decoration: underline;
      }
      .work {
        grid-column: 1 / -1;
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0 0.5rem;
        font-size: 0.875rem;
        color: var(--hive-text-muted);
      }
      .work a {
        display: inline-flex;
        align-items: center;
        min-height: var(--hive-touch);
        min-width: var(--hive-touch);
        color: var(--hive-link);
        overflow-wrap: anywhere;
      }
      .actions {
        grid-column: 1 / -1;
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      .actions button {
        padding: 0 0.875rem;
      }
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
  /** The task each agent works on now, by agent id. */
  @property({ attribute: false }) currentTasks: ReadonlyMap<string, Task> = new Map();
  /** The clock heartbeats are measured against (a ticking ClockController's `now`). */
  @property({ type: Number }) now = Date.now();
  /** The action buttons work (operators and above); for viewers they show, disabled. */
  @property({ type: Boolean, attribute: 'can-operate' }) canOperate = false;
  /** Agents with a request on its way: their buttons wait. */
  @property({ attribute: false }) busy: ReadonlySet<string> = new Set();

  override render() {
    return renderCardList('Agents', this.agents, (agent) => {
      const task = this.currentTasks.get(agent.id);
      const actions = agentActions(agent.status);
      return html`<a class="name" href="/agents/${agent.id}">${agent.name}</a>
        <hive-status-chip status=${agent.status} tone=${AGENT_STATUS_TONES[agent.status]}></hive-status-chip>
        <span class="meta">
          <span>${AGENT_TYPE_LABELS[agent.type]}</span>
          <span>${RUNTIME_LABELS[agent.runtime]}</span>
          <span
            >${agent.lastHeartbeatAt
              ? html`Heartbeat
                  <time datetime=${agent.lastHeartbeatAt} title=${formatDateTime(agent.lastHeartbeatAt)}
                    >${shortAgo(agent.lastHeartbeatAt, this.now)}</time
                  >`
              : 'No heartbeat yet'}</span
          >
          <span>${formatTokens(agent.tokensUsed)}${agent.tokenBudget ? ` of ${formatTokens(agent.tokenBudget)}` : ''}</span>
          <span>${formatCost(agent.costUsd)}</span>
          <span>Created ${renderTimeAgo(agent.createdAt, this.now)}</span>
        </span>
        ${task
          ? html`<span class="work">Working on <a href="/tasks/${task.id}">${task.title}</a></span>`
          : nothing}
        ${actions.length > 0
          ? html`<span class="actions" role="group" aria-label="Actions for ${agent.name}">
              ${actions.map(
                (action) => html`<button
                  type="button"
                  ?disabled=${!this.canOperate || this.busy.has(agent.id)}
                  @click=${() => this.request(agent, action)}
                >
                  ${AGENT_ACTION_LABELS[action]}
                </button>`,
              )}
            </span>`
          : nothing}`;
    });
  }

  private request(agent: Agent, action: AgentAction): void {
    this.dispatchEvent(new CustomEvent<AgentActionRequest>(AGENT_ACTION_EVENT, { detail: { agent, action } }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-agent-list': HiveAgentList;
  }
  interface HTMLElementEventMap {
    [AGENT_ACTION_EVENT]: CustomEvent<AgentActionRequest>;
  }
}
