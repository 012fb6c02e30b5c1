import type { DomainEvent, EventType, Task } from '../api/types.js';
import { humanize } from './labels.js';

/**
 * Event types as people read them. A Record over the shared union, so the compiler fails
 * when the hub adds a type the dashboard does not name yet.
 */
export const EVENT_TYPE_LABELS: Record<EventType, string> = {
  'agent.created': 'Agent created',
  'agent.updated': 'Agent updated',
  'agent.deactivated': 'Agent deactivated',
  'session.created': 'Session created',
  'session.started': 'Session started',
  'session.stopped': 'Session stopped',
  'task.created': 'Task created',
  'task.updated': 'Task updated',
  'message.sent': 'Message sent',
  'context.stored': 'Context stored',
  'checkpoint.created': 'Checkpoint created',
  'system.slept': 'System slept',
  'system.woke': 'System woke',
  'proposal.created': 'Proposal created',
  'proposal.updated': 'Proposal updated',
  'proposal.reviewed': 'Proposal reviewed',
  'user.changed': 'User changed',
  'budget.exhausted': 'Budget exhausted',
  'agent.lost': 'Agent lost',
  'cluster.target_registered': 'Runtime target registered',
  'cluster.target_deregistered': 'Runtime target deregistered',
  'cluster.target_down': 'Runtime target down',
  'cluster.target_up': 'Runtime target up',
};

export const EVENT_TYPES = Object.keys(EVENT_TYPE_LABELS) as EventType[];

/** `task:<id>` → the dashboard page of that subject, when it has one. */
export function subjectHref(subject: string): string | null {
  const match = /^(agent|task|proposal):([0-9a-f-]{36})$/.exec(subject);
  if (!match) return null;
  return match[1] === 'proposal' ? `/approvals/${match[2]}` : `/${match[1]}s/${match[2]}`;
}

/** One line on what changed, from the payload (the entity after the change). */
export function eventSummary(event: DomainEvent): string {
  const payload = event.payload;
  const text = (key: string) => (typeof payload[key] === 'string' ? (payload[key] as string) : '');
  if (event.type.startsWith('task.')) {
    const task = payload as unknown as Partial<Task>;
    return [task.title ? `“${task.title}”` : '', task.status ? humanize(task.status) : ''].filter(Boolean).join(' · ');
  }
  if (event.type.startsWith('agent.')) return [text('name'), text('status') ? humanize(text('status')) : ''].filter(Boolean).join(' · ');
  if (event.type.startsWith('session.')) return text('name');
  if (event.type === 'message.sent') return text('content').slice(0, 140);
  if (event.type === 'budget.exhausted' || event.type === 'proposal.created') return text('message') || text('title');
  return text('label') || text('reason') || text('title');
}

/** `task:0f3c…` → "task 0f3c1a2b": subjects read shorter, the full id stays in links and titles. */
export function shortSubject(subject: string): string {
  const match = /^([a-z_]+):([0-9a-f]{8})[0-9a-f-]{28}$/.exec(subject);
  return match ? `${match[1]} ${match[2]}` : subject;
}

/** "user:admin" → "admin", "agent:<id>" → the agent's name when known. */
export function describeActor(actor: string, agentName: (id: string) => string | undefined): string {
  const agent = /^agent:([0-9a-f-]{36})$/.exec(actor);
  if (agent) return agentName(agent[1]!) ?? `agent ${agent[1]!.slice(0, 8)}`;
  const user = /^user:(.+)$/.exec(actor);
  return user ? user[1]! : actor;
}
