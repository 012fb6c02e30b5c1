import type { Agent, AgentListQuery, AgentStatus, CreateAgentInput, UpdateAgentInput } from '../../../shared/index.js';
import type { NewAgent } from '../store/repos/agents.js';
import { AppError } from '../errors.js';
import type { NewEvent } from '../store/repos/events.js';
import type { Store } from '../store/store.js';

/** The event of an agent's status (or record) change; also appended by moves made with a task's (TaskScheduler). */
export function agentUpdated(agent: Agent, actor: string): NewEvent {
  return { type: 'agent.updated', subject: `agent:${agent.id}`, actor, payload: agent };
}

/** Agent records: create, read, edit and deactivate. Spawning them lives in the orchestrator. */
export class AgentService {
  constructor(private readonly store: Store) {}

  list(q: AgentListQuery) {
    return this.store.agents.list(q);
  }

  async get(id: string): Promise<Agent> {
    const agent = await this.store.agents.get(id);
    if (!agent) throw AppError.notFound('agent', id);
    return agent;
  }

  async create(actor: string, input: CreateAgentInput): Promise<Agent> {
    const type = await this.store.agentTypes.get(input.type);
    if (!type) throw AppError.field('type', `unknown agent type ${input.type}`);
    const promptVersion = input.promptVersion ?? type.activePromptVersion;
    if (!type.prompts.some((p) => p.version === promptVersion)) {
      throw AppError.field('promptVersion', `type ${input.type} has no prompt version ${promptVersion}`);
    }
    if (input.sessionId && !(await this.store.sessions.get(input.sessionId))) {
      throw AppError.field('sessionId', `session ${input.sessionId} does not exist`);
    }
    return this.store.transaction(async (tx) => {
      const agent = await tx.agents.insert({
        id: crypto.randomUUID(),
        name: input.name,
        type: input.type,
        role: input.role ?? type.name,
        capabilities: input.capabilities ?? type.defaultCapabilities,
        status: 'created',
        runtime: input.runtime,
        promptVersion,
        sessionId: input.sessionId ?? null,
        config: input.config ?? {},
        tokenBudget: input.tokenBudget ?? null,
      });
      await tx.events.append({ type: 'agent.created', subject: `agent:${agent.id}`, actor, payload: agent });
      return agent;
    });
  }

  async update(actor: string, id: string, input: UpdateAgentInput): Promise<Agent> {
    const existing = await this.get(id);
    if (input.promptVersion !== undefined && !(await this.store.agentTypes.getPrompt(existing.type, input.promptVersion))) {
      throw AppError.field('promptVersion', `type ${existing.type} has no prompt version ${input.promptVersion}`);
    }
    return this.store.transaction(async (tx) => {
      const agent = (await tx.agents.update(id, input))!;
      await tx.events.append({ type: 'agent.updated', subject: `agent:${id}`, actor, payload: agent });
      return agent;
    });
  }

  /** Guarded status change with its event; null when the agent was not in one of `from`. */
  async setStatus(
    actor: string,
    id: string,
    from: readonly AgentStatus[],
    to: AgentStatus,
    patch: Partial<NewAgent> = {},
  ): Promise<Agent | null> {
    return this.store.transaction(async (tx) => {
      const moved = await tx.agents.transition(id, from, to, patch);
      if (moved) await tx.events.append(agentUpdated(moved, actor));
      return moved;
    });
  }

  /** DELETE keeps the row (tasks and messages refer to it) and marks the agent inactive. */
  async deactivate(actor: string, id: string): Promise<Agent> {
    const existing = await this.get(id);
    if (existing.status === 'inactive') return existing;
    return this.store.transaction(async (tx) => {
      const agent = (await tx.agents.update(id, { status: 'inactive' }))!;
      await tx.events.append({ type: 'agent.deactivated', subject: `agent:${id}`, actor, payload: agent });
      return agent;
    });
  }
}
