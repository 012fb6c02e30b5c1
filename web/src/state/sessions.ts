import { listSessions } from '../api/sessions.js';
import type { Session } from '../api/types.js';
import { LiveCollection } from './live-collection.js';
import type { LiveSpec } from './live-resource.js';
import { loadPages } from './snapshot.js';

/** Sessions for pickers and filters, live, newest first. */
export const sessionsSpec: LiveSpec<LiveCollection<Session>> = {
  key: 'sessions',
  create: (host) =>
    new LiveCollection<Session>(host, {
      rooms: ['fleet'],
      load: (signal) => loadPages((limit, _offset, s) => listSessions(limit, s), 200, signal),
      change: (event) => {
        if (!event.type.startsWith('session.')) return null;
        const session = event.payload as unknown as Session;
        return typeof session.id === 'string' ? { id: session.id, item: session } : null;
      },
      idOf: (session) => session.id,
      compare: (a, b) => b.createdAt.localeCompare(a.createdAt),
    }),
};
