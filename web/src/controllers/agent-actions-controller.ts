import { ContextConsumer } from '@lit/context';
import { type ReactiveControllerHost, type TemplateResult, html, nothing } from 'lit';
import { restartAgent, startAgent, stopAgent } from '../api/agents.js';
import { describeError } from '../api/client.js';
import { sleepAgent, wakeAgent } from '../api/system.js';
import type { Agent, AgentStatus } from '../api/types.js';
import '../components/hive-alert.js';
import { confirmAction } from '../components/hive-confirm-dialog.js';
import { authContext } from '../state/auth-context.js';
import { canOperate } from '../state/permissions.js';

export type AgentAction = 'start' | 'stop' | 'restart' | 'sleep' | 'wake';

export const AGENT_ACTION_LABELS: Record<AgentAction, string> = {
  start: 'Start',
  stop: 'Stop',
  restart: 'Restart',
  sleep: 'Sleep',
  wake: 'Wake',
};

/** The statuses each action starts from (what the hub's orchestrator accepts). */
const FROM: Record<AgentAction, readonly AgentStatus[]> = {
  start: ['created', 'stopped', 'failed', 'lost', 'paused'],
  stop: ['starting', 'idle', 'busy', 'paused', 'sleeping'],
  restart: ['starting', 'idle', 'busy', 'paused'],
  sleep: ['created', 'idle', 'paused'],
  wake: ['sleeping'],
};

/** What can be done to an agent in this status, in button order. */
export function agentActions(status: AgentStatus): AgentAction[] {
  return (Object.keys(FROM) as AgentAction[]).filter((action) => FROM[action].includes(status));
}

/**
 * Start, stop, restart, sleep and wake for an element that shows agents: whether the
 * signed-in user may (operators and above), a confirmation before cutting an agent off,
 * one request per agent at a time, and the hub's answer when it refuses. The new state
 * itself arrives through the live collections.
 */
export class AgentActionsController {
  private readonly auth: ContextConsumer<typeof authContext, ReactiveControllerHost & HTMLElement>;
  private readonly running = new Set<string>();
  private failure: { agent: Agent; action: AgentAction; error: unknown } | null = null;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    this.auth = new ContextConsumer(host, { context: authContext, subscribe: true });
  }

  get allowed(): boolean {
    const auth = this.auth.value;
    return auth?.status === 'signed-in' && canOperate(auth.me.user.role);
  }

  /** A request for this agent is on its way. */
  busy(agentId: string): boolean {
    return this.running.has(agentId);
  }

  async run(agent: Agent, action: AgentAction): Promise<void> {
    if (!this.allowed || this.running.has(agent.id)) return;
    if (action === 'stop' || (action === 'restart' && agent.status === 'busy')) {
      const confirmed = await confirmAction({
        heading: `${action === 'stop' ? 'Stop' : 'Restart'} ${agent.name}?`,
        message:
          action === 'stop'
            ? 'Its worker stops now and the task it holds goes back to the queue. You can start it again later.'
            : 'Its worker stops now and starts again; the task it holds goes back to the queue.',
        confirmLabel: action === 'stop' ? 'Stop agent' : 'Restart agent',
        danger: true,
      });
      if (!confirmed) return;
    }
    this.running.add(agent.id);
    this.failure = null;
    this.host.requestUpdate();
    try {
      await request(agent.id, action);
    } catch (error) {
      this.failure = { agent, action, error };
    } finally {
      this.running.delete(agent.id);
      this.host.requestUpdate();
    }
  }

  /** The last refusal, as an alert to show above the agents. */
  renderFailure(): TemplateResult | typeof nothing {
    const failure = this.failure;
    if (!failure) return nothing;
    return html`<hive-alert tone="danger">
      Couldn't ${AGENT_ACTION_LABELS[failure.action].toLowerCase()} ${failure.agent.name}: ${describeError(failure.error)}
      <button slot="actions" type="button" @click=${() => this.dismiss()}>Dismiss</button>
    </hive-alert>`;
  }

  private dismiss(): void {
    this.failure = null;
    this.host.requestUpdate();
  }
}

function request(id: string, action: AgentAction): Promise<unknown> {
  switch (action) {
    case 'start':
      return startAgent(id);
    case 'stop':
      return stopAgent(id);
    case 'restart':
      return restartAgent(id);
    case 'sleep':
      return sleepAgent(id, 'asked from the dashboard');
    case 'wake':
      return wakeAgent(id);
  }
}
