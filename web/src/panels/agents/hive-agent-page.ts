import { LitElement, type TemplateResult, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { ApiRequestError } from '../../api/client.js';
import type { Agent, Message } from '../../api/types.js';
import '../../components/hive-empty-state.js';
import '../../components/hive-error-state.js';
import '../../components/hive-icon.js';
import '../../components/hive-loading.js';
import '../../components/hive-page-header.js';
import '../../components/hive-progress-log.js';
import '../../components/hive-status-chip.js';
import '../../components/hive-task-list.js';
import { AGENT_ACTION_LABELS, AgentActionsController, agentActions } from '../../controllers/agent-actions-controller.js';
import { ClockController } from '../../controllers/clock-controller.js';
import { LiveController } from '../../controllers/live-controller.js';
import { AGENT_STATUS_TONES, AGENT_TYPE_LABELS, RUNTIME_LABELS } from '../../format/labels.js';
import { formatCost, formatCount, formatTokens } from '../../format/numbers.js';
import { formatDateTime, renderTimeAgo, shortAgo } from '../../format/time.js';
import { agentSpec, fleetSpec } from '../../state/agents.js';
import type { LiveCollection } from '../../state/live-collection.js';
import { agentMessagesSpec } from '../../state/messages.js';
import { agentActivitySpec } from '../../state/progress.js';
import { sessionsSpec } from '../../state/sessions.js';
import { tasksSpec } from '../../state/tasks.js';
import { buttonStyles, cardStyles, focusStyles, stackedPanelStyles } from '../../styles/shared-styles.js';
import { isId } from '../../state/ids.js';
import { detailPageStyles, renderBackLink, renderCollection, renderNoSuch } from '../detail-page.js';

/**
 * One agent, live: its state and heartbeat, its token use against its budget, what it is
 * doing right now (the worker's log, then its live progress and tool calls), the tasks it
 * has worked and the messages it sent and received. Operators can start, stop, restart,
 * put it to sleep or wake it.
 */
@customElement('hive-agent-page')
export class HiveAgentPage extends LitElement {
  static override styles = [buttonStyles, cardStyles, focusStyles, stackedPanelStyles, detailPageStyles];

  @property({ attribute: 'agent-id' }) agentId = '';

  private readonly agent = new LiveController(this, () => (isId(this.agentId) ? agentSpec(this.agentId) : null));
  private readonly activity = new LiveController(this, () => (isId(this.agentId) ? agentActivitySpec(this.agentId) : null));
  private readonly tasks = new LiveController(this, () => (isId(this.agentId) ? tasksSpec({ agentId: this.agentId }) : null));
  private readonly messages = new LiveController(this, () => (isId(this.agentId) ? agentMessagesSpec(this.agentId) : null));
  /** Names for the other end of each message. */
  private readonly fleet = new LiveController(this, () => fleetSpec);
  private readonly sessions = new LiveController(this, () => sessionsSpec);
  private readonly actions = new AgentActionsController(this);
  private readonly clock = new ClockController(this);

  override render() {
    const collection = this.agent.value;
    const state = collection?.state;
    const agent = state?.items[0];
    if (!isId(this.agentId)) return renderNoSuch('agent', '/agents', 'Agents');
    if (!agent) {
      return html`${renderBackLink('/agents', 'Agents')}
        ${state?.status === 'error'
          ? html`<hive-error-state
              heading=${isNotFound(state.error) ? 'There is no such agent' : "Couldn't load the agent"}
              .error=${state.error}
              @hive-retry=${() => void collection?.reload()}
            ></hive-error-state>`
          : html`<hive-loading label="Loading the agent…"></hive-loading>`}`;
    }
    return html`${renderBackLink('/agents', 'Agents')}
      <hive-page-header heading=${agent.name} description="${AGENT_TYPE_LABELS[agent.type]} agent · ${RUNTIME_LABELS[agent.runtime]} runtime">
        ${this.renderActions(agent)}
      </hive-page-header>
      ${this.actions.allowed ? nothing : html`<p class="note">You can watch this agent; changing it takes the operator role.</p>`}
      ${this.actions.renderFailure()}
      <div class="columns">
        <section class="card" aria-labelledby="state-heading">
          <h2 id="state-heading">State</h2>
          ${this.renderState(agent)}
        </section>
        <section class="card" aria-labelledby="usage-heading">
          <h2 id="usage-heading">Usage</h2>
          ${renderUsage(agent)}
        </section>
      </div>
      <section class="card" aria-labelledby="activity-heading">
        <h2 id="activity-heading">Live activity</h2>
        ${renderCollection(this.activity.value, 'the activity', (stream) => html`<hive-progress-log
          label="Activity of ${agent.name}"
          empty="Nothing logged yet. Lines appear here as the agent works."
          .entries=${stream.entries}
        ></hive-progress-log>`)}
      </section>
      <section class="card" aria-labelledby="tasks-heading">
        <h2 id="tasks-heading">Tasks</h2>
        ${renderCollection(this.tasks.value, 'its tasks', ({ items }) =>
          items.length === 0
            ? html`<p class="note">No tasks assigned to this agent yet.</p>`
            : html`<hive-task-list .tasks=${items}></hive-task-list>`,
        )}
      </section>
      <section class="card" aria-labelledby="messages-heading">
        <h2 id="messages-heading">Messages</h2>
        ${renderCollection(this.messages.value, 'its messages', ({ items }) => this.renderMessages(agent, items))}
      </section>`;
  }

  private renderActions(agent: Agent): TemplateResult {
    const actions = agentActions(agent.status);
    const disabled = !this.actions.allowed || this.actions.busy(agent.id);
    return html`${actions.map(
      (action) => html`<button
        slot="actions"
        type="button"
        class=${action === 'stop' ? 'danger' : ''}
        ?disabled=${disabled}
        @click=${() => void this.actions.run(agent, action)}
      >
        ${AGENT_ACTION_LABELS[action]}
      </button>`,
    )}`;
  }

  private renderState(agent: Agent): TemplateResult {
    const now = this.clock.now;
    const current = (this.tasks.value?.state.items ?? []).find((task) => task.status === 'assigned' || task.status === 'running');
    return html`<dl>
      <dt>Status</dt>
      <dd><hive-status-chip status=${agent.status} tone=${AGENT_STATUS_TONES[agent.status]}></hive-status-chip></dd>
      <dt>Heartbeat</dt>
      <dd>
        ${agent.lastHeartbeatAt
          ? html`<time datetime=${agent.lastHeartbeatAt} title=${formatDateTime(agent.lastHeartbeatAt)}>${shortAgo(agent.lastHeartbeatAt, now)}</time>`
          : 'None yet'}
      </dd>
      <dt>Working on</dt>
      <dd>${current ? html`<a href="/tasks/${current.id}">${current.title}</a>` : 'Nothing'}</dd>
      <dt>Session</dt>
      <dd>${agent.sessionId ? (this.sessions.value?.get(agent.sessionId)?.name ?? `session ${agent.sessionId.slice(0, 8)}`) : 'None'}</dd>
      <dt>Runtime</dt>
      <dd>${RUNTIME_LABELS[agent.runtime]}${agent.runtimeRef ? html` <code>${agent.runtimeRef}</code>` : nothing}</dd>
      <dt>Prompt</dt>
      <dd>Version ${agent.promptVersion}</dd>
      <dt>Capabilities</dt>
      <dd>${agent.capabilities.length > 0 ? agent.capabilities.join(', ') : 'None'}</dd>
      <dt>Created</dt>
      <dd>${renderTimeAgo(agent.createdAt, now)}</dd>
    </dl>`;
  }

  private renderMessages(agent: Agent, messages: readonly Message[]): TemplateResult {
    if (messages.length === 0) return html`<p class="note">No messages to or from this agent yet.</p>`;
    const fleet = this.fleet.value;
    const now = this.clock.now;
    return html`<ol class="messages" aria-label="Messages, newest first">
      ${repeat(
        messages,
        (message) => message.id,
        (message) => {
          const outgoing = message.fromAgentId === agent.id;
          const other = outgoing ? message.toAgentId : message.fromAgentId;
          return html`<li>
            <span class="from">
              ${outgoing ? html`To ${agentName(fleet, other)}` : html`From ${message.fromUser ?? agentName(fleet, other)}`}
            </span>
            ${renderTimeAgo(message.createdAt, now)}
            <p>${message.content}</p>
          </li>`;
        },
      )}
    </ol>`;
  }
}

function renderUsage(agent: Agent): TemplateResult {
  const budget = agent.tokenBudget;
  return html`<dl>
    <dt>Tokens</dt>
    <dd>${formatTokens(agent.tokensUsed)}</dd>
    <dt>Budget</dt>
    <dd>
      ${budget
        ? html`<meter min="0" max=${budget} value=${agent.tokensUsed} high=${budget * 0.8} optimum="0" aria-label="Budget used"></meter>
            ${Math.round((agent.tokensUsed / budget) * 100)}% of ${formatCount(budget)}`
        : 'No limit'}
    </dd>
    <dt>Cost</dt>
    <dd>${formatCost(agent.costUsd)}</dd>
  </dl>`;
}

function agentName(fleet: LiveCollection<Agent> | null, id: string | null): string {
  if (!id) return 'the system';
  return fleet?.get(id)?.name ?? `agent ${id.slice(0, 8)}`;
}

function isNotFound(error: unknown): boolean {
  return error instanceof ApiRequestError && (error.status === 404 || error.status === 422);
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-agent-page': HiveAgentPage;
  }
}
