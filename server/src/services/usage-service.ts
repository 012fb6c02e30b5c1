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
    return this.store.transaction(async (tx) => {
      const agent = await tx.agents.addUsage(agentId, tokens, usage.costUsd);
      if (!agent) return null;
      await tx.tasks.addUsage(usage.taskId, tokens, usage.costUsd);
      const session = agent.sessionId ? await tx.sessions.addUsage(agent.sessionId, tokens, usage.costUsd) : null;
      await tx.metrics.insert({
        id: crypto.randomUUID(),
        agentId,
        taskId: usage.taskId,
        name: 'model.tokens',
        value: tokens,
        unit: 'tokens',
        labels: { model: usage.model, input: usage.inputTokens, output: usage.outputTokens, costUsd: usage.costUsd },
      });
      const agentExhausted = agent.tokenBudget !== null && agent.tokensUsed >= agent.tokenBudget;
      const sessionExhausted = session && session.tokenBudget !== null && session.tokensUsed >= session.tokenBudget ? session : null;
      if (agentExhausted || sessionExhausted) {
        const scope = sessionExhausted ? `session ${sessionExhausted.name}` : `agent ${agent.name}`;
        await tx.events.append({
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
    });
  }
}
