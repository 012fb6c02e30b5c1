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
    const [event] = await this.appendMany([e]);
    return event!;
  }

  /**
   * Append several events in one statement; their seqs ascend in the order given. Each is
   * published only after the surrounding transaction commits.
   */
  async appendMany(list: readonly NewEvent[]): Promise<DomainEvent[]> {
    if (list.length === 0) return [];
    // Serialise appenders until commit so sequence order is commit order: a client that
    // resumes "after seq N" can then never miss an event that committed late with a lower seq.
    // The lock is taken in the insert itself (one statement per append instead of two). It
    // must be held before any seq is drawn: the CTE calls a volatile function so it is never
    // inlined, and each row — whose projection draws its seq with nextval, after the sort —
    // is joined with the CTE's one row, so no seq can be drawn before the lock is granted.
    // Outside a transaction the statement is its own transaction and holds the lock to its end.
    // (events_seq_seq is the sequence of the bigserial column; naming it is much cheaper than
    // looking it up with pg_get_serial_sequence on every append.)
    const values = list.map(
      (e, i) => sql`(${i}::int, ${crypto.randomUUID()}::uuid, ${e.type}::text, ${e.subject}::text, ${e.actor}::text, ${JSON.stringify(e.payload)}::jsonb)`,
    );
    const rows = await this.db
      .insert(events)
      .select(
        sql`with event_log_lock as (select pg_advisory_xact_lock(${EVENT_LOG_LOCK}))
          select nextval('events_seq_seq'), v.id, v.type, v.subject, v.actor, v.payload, now()
          from event_log_lock, (values ${sql.join(values, sql`, `)}) as v(ord, id, type, subject, actor, payload)
          order by v.ord`,
      )
      .returning();
    const appended = rows.map(toEvent).sort((a, b) => a.seq - b.seq);
    for (const event of appended) this.onAppend(event);
    return appended;
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
