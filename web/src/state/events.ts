import { listEvents } from '../api/events.js';
import { staleSince } from '../api/response-cache.js';
import type { UiRoom } from '../api/socket.js';
import type { DomainEvent, EventType } from '../api/types.js';
import { LiveCollection } from './live-collection.js';
import type { LiveSpec } from './live-resource.js';

export interface EventFilter {
  type?: EventType;
  /** Exactly this subject, e.g. `task:<id>`. */
  subject?: string;
  /** Keep the newest this many (at most 1000, the API's page). */
  limit: number;
}

const SUBJECT_ROOM = /^(agent|task|session):[0-9a-f-]{36}$/;

/** The newest domain events matching `filter`, live, newest first. */
export function eventsSpec(filter: EventFilter): LiveSpec<LiveCollection<DomainEvent>> {
  const { type, subject, limit } = filter;
  const room: UiRoom = subject && SUBJECT_ROOM.test(subject) ? (subject as UiRoom) : 'fleet';
  return {
    key: `events:${type ?? ''}:${subject ?? ''}:${limit}`,
    create: (host) =>
      new LiveCollection<DomainEvent>(host, {
        rooms: [room],
        load: async (signal) => {
          const page = await listEvents({ order: 'desc', limit, type, subject }, signal);
          return { items: page.items, staleSince: staleSince(page) };
        },
        change: (event) =>
          (type === undefined || event.type === type) && (subject === undefined || event.subject === subject)
            ? { id: event.id, item: event }
            : null,
        idOf: (event) => event.id,
        compare: (a, b) => b.seq - a.seq,
        limit,
      }),
  };
}

/** How many of the newest events the Events panel and the Overview share. */
export const EVENT_FEED_LIMIT = 500;

/** The fleet's newest events, unfiltered: one live feed for the Overview and the Events panel. */
export const eventFeedSpec = eventsSpec({ limit: EVENT_FEED_LIMIT });
