import { and, asc, desc, eq, gt, sql, type SQL } from 'drizzle-orm';
import type { DomainEvent, EventType } from '../../../../shared/index.js';
import { type Db, isoNow } from '../db.js';
import { events } from '../schema.js';

type Row = typeof events.$inferSelect;

const EVENT_LOG_LOCK = 0x48495645; // 'HIVE'

export function toEvent(r: Row): DomainEvent {
  return { ...r, type: r.type as EventType, createdAt: isoNow(r.createdAt) };
}

export interface NewEvent {
  type: EventType;
  subject: string;
  actor: string;
  payload: Record<string, unknown>;
}

export class EventRepository {
  constructor(
    private readonly db: Db,
    private readonly onAppend: (e: DomainEvent) => void,
  ) {}

  /** Append to the log; the event is published only after the surrounding transaction commits. */
  async append(e: NewEvent): Promise<DomainEvent> {
    // Serialise appenders until commit so sequence order is commit order: a client that
    // resumes "after seq N" can then never miss an event that committed late with a lower seq.
    await this.db.execute(sql`select pg_advisory_xact_lock(${EVENT_LOG_LOCK})`);
    const [row] = await this.db
      .insert(events)
      .values({ ...e, id: crypto.randomUUID() })
      .returning();
    const event = toEvent(row!);
    this.onAppend(event);
    return event;
  }

  async listAfter(q: { after: number; limit: number; type?: EventType; subject?: string; order?: 'asc' | 'desc' }): Promise<DomainEvent[]> {
    const conds: SQL[] = [gt(events.seq, q.after)];
    if (q.type) conds.push(eq(events.type, q.type));
    if (q.subject) conds.push(eq(events.subject, q.subject));
    const order = q.order === 'desc' ? desc(events.seq) : asc(events.seq);
    const rows = await this.db.select().from(events).where(and(...conds)).orderBy(order).limit(q.limit);
    return rows.map(toEvent);
  }

  async lastSeq(): Promise<number> {
    const [row] = await this.db.select({ seq: events.seq }).from(events).orderBy(desc(events.seq)).limit(1);
    return row?.seq ?? 0;
  }
}
