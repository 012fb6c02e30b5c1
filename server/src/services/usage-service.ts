import type { Agent, Session, TaskUsage } from '../../../shared/index.js';
import type { Store } from '../store/store.js';

export interface BudgetVerdict {
  agent: Agent;
  /** Set when this usage spent the agent's own budget. */
  agentExhausted: boolean;
  /** Set when this usage spent the session's budget (all its agents must pause). */
  sessionExhausted: Session | null;
}

/**
 * Records model usage per task, agent and session (and a metric row per call), and says
 * whether a budget is now spent — so the caller can pause instead of burning money silently.
 */
export class UsageService {
  constructor(private readonly store: Store) {}

  async record(agentId: string, usage: TaskUsage): Promise<BudgetVerdict | null> {
    const tokens = usage.inputTokens + usage.outputTokens;
    // One atomic statement (no transaction): the counts and the metric row are written
    // together, and the rows it returns carry this usage, so the verdict is exact.
    const counted = await this.store.usage.record({
      agentId,
      taskId: usage.taskId,
      tokens,
      costUsd: usage.costUsd,
      labels: { model: usage.model, input: usage.inputTokens, output: usage.outputTokens, costUsd: usage.costUsd },
    });
    if (!counted) return null;
    const { agent, session } = counted;
    const agentExhausted = agent.tokenBudget !== null && agent.tokensUsed >= agent.tokenBudget;
    const sessionExhausted = session && session.tokenBudget !== null && session.tokensUsed >= session.tokenBudget ? session : null;
    if (agentExhausted || sessionExhausted) {
      // Appended after the counts commit (rarely: once per budget). Were the hub to stop in
      // between, nothing is lost: the budget stays spent, so the next report says so again
      // (and the caller, which pauses the agents, would not have run either).
      const scope = sessionExhausted ? `session ${sessionExhausted.name}` : `agent ${agent.name}`;
      await this.store.events.append({
        type: 'budget.exhausted',
        subject: sessionExhausted ? `session:${sessionExhausted.id}` : `agent:${agent.id}`,
        actor: `agent:${agentId}`,
        payload: {
          message: `The token budget of ${scope} is spent; its agents are paused and their tasks wait.`,
          agentId,
          sessionId: agent.sessionId,
          tokensUsed: sessionExhausted ? sessionExhausted.tokensUsed : agent.tokensUsed,
          tokenBudget: sessionExhausted ? sessionExhausted.tokenBudget : agent.tokenBudget,
        },
      });
    }
    return { agent, agentExhausted, sessionExhausted };
  }
}
