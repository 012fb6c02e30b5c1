import type { ContextEntry, ContextSearchHit, SearchContextInput, StoreContextInput } from '../../../shared/index.js';
import type { Embedder } from '../embedder/port.js';
import { AppError } from '../errors.js';
import type { Store } from '../store/store.js';

/** Long-term memory: entries embedded on write and found again by cosine similarity. */
export class ContextService {
  constructor(
    private readonly store: Store,
    private readonly embedder: Embedder,
  ) {}

  async remember(actor: string, input: StoreContextInput): Promise<ContextEntry> {
    if (input.agentId && !(await this.store.agents.get(input.agentId))) {
      throw AppError.field('agentId', `agent ${input.agentId} does not exist`);
    }
    if (input.sessionId && !(await this.store.sessions.get(input.sessionId))) {
      throw AppError.field('sessionId', `session ${input.sessionId} does not exist`);
    }
    if (input.parentId && !(await this.store.contexts.get(input.parentId))) {
      throw AppError.field('parentId', `context ${input.parentId} does not exist`);
    }
    const [embedding] = await this.embedder.embed([input.content]);
    return this.store.transaction(async (tx) => {
      const entry = await tx.contexts.insert({
        id: crypto.randomUUID(),
        agentId: input.agentId ?? null,
        sessionId: input.sessionId ?? null,
        parentId: input.parentId ?? null,
        kind: input.kind,
        content: input.content,
        metadata: input.metadata,
        importance: input.importance,
        embedding: embedding!,
      });
      const { content: _omitted, ...summary } = entry;
      await tx.events.append({ type: 'context.stored', subject: `context:${entry.id}`, actor, payload: summary });
      return entry;
    });
  }

  async search(input: SearchContextInput): Promise<ContextSearchHit[]> {
    const [embedding] = await this.embedder.embed([input.query]);
    const { query: _q, ...filters } = input;
    return this.store.contexts.search(embedding!, filters);
  }
}
