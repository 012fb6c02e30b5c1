import type { CreateSessionInput, Session, SessionListQuery } from '../../../shared/index.js';
import { AppError } from '../errors.js';
import type { Store } from '../store/store.js';

/** Work sessions: a named goal with a roster of agents that start and stop together. */
export class SessionService {
  constructor(private readonly store: Store) {}

  list(q: SessionListQuery) {
    return this.store.sessions.list(q);
  }

  async get(id: string): Promise<Session> {
    const session = await this.store.sessions.get(id);
    if (!session) throw AppError.notFound('session', id);
    return session;
  }

  create(actor: string, input: CreateSessionInput): Promise<Session> {
    return this.store.transaction(async (tx) => {
      const session = await tx.sessions.insert({
        id: crypto.randomUUID(),
        name: input.name,
        description: input.description,
        status: 'created',
        agents: input.agents,
        tokenBudget: input.tokenBudget ?? null,
        createdBy: actor,
      });
      await tx.events.append({ type: 'session.created', subject: `session:${session.id}`, actor, payload: session });
      return session;
    });
  }

  /**
   * Start: mark the session running and create an agent record for every roster slot that
   * has none yet. The orchestrator spawns runtimes for the session's agents.
   */
  async start(actor: string, id: string): Promise<Session> {
    const current = await this.get(id);
    if (current.status === 'running') return current;
    return this.store.transaction(async (tx) => {
      const session = await tx.sessions.transition(id, ['created', 'stopped'], 'running', { startedAt: new Date(), stoppedAt: null });
      if (!session) throw new AppError('INVALID_TRANSITION', `session ${id} cannot start from ${current.status}`);
      const existing = await tx.agents.listBySession(id);
      for (const spec of session.agents) {
        const type = await tx.agentTypes.get(spec.type);
        const have = existing.filter((a) => a.type === spec.type).length;
        for (let i = have; i < spec.count; i++) {
          const agent = await tx.agents.insert({
            id: crypto.randomUUID(),
            name: `${session.name} · ${type!.name} ${i + 1}`,
            type: spec.type,
            role: type!.name,
            capabilities: spec.capabilities ?? type!.defaultCapabilities,
            status: 'created',
            runtime: spec.runtime ?? 'process',
            promptVersion: type!.activePromptVersion,
            sessionId: id,
          });
          await tx.events.append({ type: 'agent.created', subject: `agent:${agent.id}`, actor, payload: agent });
        }
      }
      // Agents stopped with the session come back.
      for (const agent of existing.filter((a) => a.status === 'stopped')) {
        const revived = await tx.agents.transition(agent.id, ['stopped'], 'created');
        if (revived) await tx.events.append({ type: 'agent.updated', subject: `agent:${agent.id}`, actor, payload: revived });
      }
      await tx.events.append({ type: 'session.started', subject: `session:${id}`, actor, payload: session });
      return session;
    });
  }

  async stop(actor: string, id: string): Promise<Session> {
    const current = await this.get(id);
    if (current.status === 'stopped') return current;
    return this.store.transaction(async (tx) => {
      const session = await tx.sessions.transition(id, ['created', 'running'], 'stopped', { stoppedAt: new Date() });
      if (!session) throw new AppError('INVALID_TRANSITION', `session ${id} cannot stop from ${current.status}`);
      for (const agent of await tx.agents.listBySession(id)) {
        const stopped = await tx.agents.transition(
          agent.id,
          ['created', 'starting', 'idle', 'busy', 'paused', 'sleeping'],
          'stopped',
        );
        if (stopped) await tx.events.append({ type: 'agent.updated', subject: `agent:${agent.id}`, actor, payload: stopped });
      }
      await tx.events.append({ type: 'session.stopped', subject: `session:${id}`, actor, payload: session });
      return session;
    });
  }
}
