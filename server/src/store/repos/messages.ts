import { and, count, desc, eq, or, type SQL } from 'drizzle-orm';
import type { Message, MessageListQuery } from '../../../../shared/index.js';
import { type Db, isoNow } from '../db.js';
import { conversations } from '../schema.js';

type Row = typeof conversations.$inferSelect;
export type NewMessage = typeof conversations.$inferInsert;

export function toMessage(r: Row): Message {
  return {
    id: r.id,
    sessionId: r.sessionId,
    fromAgentId: r.fromAgentId,
    toAgentId: r.toAgentId,
    fromUser: r.fromUser,
    role: r.role as Message['role'],
    content: r.content,
    metadata: r.metadata,
    createdAt: isoNow(r.createdAt),
  };
}

export class MessageRepository {
  constructor(private readonly db: Db) {}

  async insert(m: NewMessage): Promise<Message> {
    const [row] = await this.db.insert(conversations).values(m).returning();
    return toMessage(row!);
  }

  async listForAgent(agentId: string, q: MessageListQuery): Promise<{ items: Message[]; total: number }> {
    const inbound = eq(conversations.toAgentId, agentId);
    const outbound = eq(conversations.fromAgentId, agentId);
    const where: SQL | undefined = q.direction === 'in' ? inbound : q.direction === 'out' ? outbound : or(inbound, outbound);
    const [rows, [total]] = await Promise.all([
      this.db
        .select()
        .from(conversations)
        .where(and(where))
        .orderBy(desc(conversations.createdAt), conversations.id)
        .limit(q.limit)
        .offset(q.offset),
      this.db.select({ n: count() }).from(conversations).where(and(where)),
    ]);
    return { items: rows.map(toMessage), total: Number(total?.n ?? 0) };
  }
}
