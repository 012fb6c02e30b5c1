import type { Message, MessageListQuery, SendMessageInput } from '../../../shared/index.js';
import type { Embedder } from '../embedder/port.js';
import { AppError } from '../errors.js';
import type { Store } from '../store/store.js';

/** Messages between agents, or from a person to an agent; embedded for later recall. */
export class MessageService {
  constructor(
    private readonly store: Store,
    private readonly embedder: Embedder,
  ) {}

  async send(actor: string, input: SendMessageInput, fromUser: string | null): Promise<Message> {
    const to = await this.store.agents.get(input.toAgentId);
    if (!to) throw AppError.field('toAgentId', `agent ${input.toAgentId} does not exist`);
    if (input.fromAgentId && !(await this.store.agents.get(input.fromAgentId))) {
      throw AppError.field('fromAgentId', `agent ${input.fromAgentId} does not exist`);
    }
    const [embedding] = await this.embedder.embed([input.content]);
    return this.store.transaction(async (tx) => {
      const message = await tx.messages.insert({
        id: crypto.randomUUID(),
        sessionId: to.sessionId,
        fromAgentId: input.fromAgentId ?? null,
        toAgentId: input.toAgentId,
        fromUser: input.fromAgentId ? null : fromUser,
        role: input.fromAgentId ? 'agent' : 'user',
        content: input.content,
        metadata: input.metadata,
        embedding,
      });
      await tx.events.append({ type: 'message.sent', subject: `agent:${input.toAgentId}`, actor, payload: message });
      return message;
    });
  }

  async listForAgent(agentId: string, q: MessageListQuery) {
    if (!(await this.store.agents.get(agentId))) throw AppError.notFound('agent', agentId);
    return this.store.messages.listForAgent(agentId, q);
  }
}
