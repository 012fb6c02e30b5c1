import type { DomainEvent } from '../../../shared/index.js';

/**
 * The `/ui` rooms a committed domain event belongs to (see UI_ROOM in shared/schemas/events.ts):
 * everything goes to `fleet`; an event also reaches the rooms of the resources it is about.
 */
export function roomsFor(e: DomainEvent): string[] {
  const rooms = new Set<string>(['fleet']);
  if (/^(agent|task|session):[0-9a-f-]{36}$/.test(e.subject)) rooms.add(e.subject);
  const p = e.payload as Record<string, unknown>;
  const add = (prefix: string, id: unknown) => {
    if (typeof id === 'string' && id) rooms.add(`${prefix}:${id}`);
  };
  if (e.type.startsWith('cluster.')) rooms.add('cluster');
  if (e.type.startsWith('agent.')) {
    rooms.add('cluster');
    add('session', p.sessionId);
  }
  if (e.type.startsWith('task.')) {
    add('agent', p.assignedAgentId);
    add('session', p.sessionId);
  }
  if (e.type === 'message.sent') {
    add('agent', p.fromAgentId);
    add('agent', p.toAgentId);
  }
  if (e.type === 'budget.exhausted') {
    add('agent', p.agentId);
    add('session', p.sessionId);
  }
  if (e.type.startsWith('proposal.')) rooms.add('approvals');
  return [...rooms].sort();
}
