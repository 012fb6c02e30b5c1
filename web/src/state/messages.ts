import { listAgentMessages } from '../api/agents.js';
import type { Message } from '../api/types.js';
import { LiveCollection } from './live-collection.js';
import type { LiveSpec } from './live-resource.js';

const MESSAGE_LIMIT = 100;

/** Messages to and from one agent, live (room `agent:<id>`), newest first. */
export function agentMessagesSpec(agentId: string): LiveSpec<LiveCollection<Message>> {
  return {
    key: `messages:${agentId}`,
    create: (host) =>
      new LiveCollection<Message>(host, {
        rooms: [`agent:${agentId}`],
        load: async (signal) => ({ items: (await listAgentMessages(agentId, MESSAGE_LIMIT, signal)).items, staleSince: null }),
        change: (event) => {
          if (event.type !== 'message.sent') return null;
          const message = event.payload as unknown as Message;
          if (typeof message.id !== 'string') return null;
          return message.toAgentId === agentId || message.fromAgentId === agentId ? { id: message.id, item: message } : null;
        },
        idOf: (message) => message.id,
        compare: (a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id),
        limit: MESSAGE_LIMIT,
      }),
  };
}
