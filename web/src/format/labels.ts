import type { AgentStatus, AgentTypeKey, Role, Runtime, TaskStatus } from '../api/types.js';

/** Visual weight of a status chip; the label text always carries the meaning too. */
export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger' | 'muted';

/*
 * The maps below are typed `Record<Union, …>` so the compiler fails when the shared
 * schemas gain or lose a status or type; their keys double as the option lists, which
 * keeps zod's runtime out of the dashboard bundle.
 */

export const AGENT_TYPE_LABELS: Record<AgentTypeKey, string> = {
  strategic_partner: 'Strategic partner',
  product_manager: 'Product manager',
  architect: 'Architect',
  backend: 'Backend',
  frontend: 'Frontend',
  devops: 'DevOps',
  qa: 'QA',
  meta: 'Meta',
};

export const AGENT_STATUS_TONES: Record<AgentStatus, Tone> = {
  created: 'neutral',
  starting: 'info',
  idle: 'success',
  busy: 'info',
  paused: 'warning',
  sleeping: 'muted',
  stopping: 'muted',
  stopped: 'muted',
  failed: 'danger',
  lost: 'danger',
  inactive: 'muted',
};

export const TASK_STATUS_TONES: Record<TaskStatus, Tone> = {
  pending: 'neutral',
  ready: 'info',
  assigned: 'info',
  running: 'info',
  retrying: 'warning',
  completed: 'success',
  failed: 'danger',
  cancelled: 'muted',
  dead_letter: 'danger',
};

export const RUNTIME_LABELS: Record<Runtime, string> = {
  process: 'Process',
  docker: 'Docker',
  kubernetes: 'Kubernetes',
};

export const ROLE_LABELS: Record<Role, string> = {
  viewer: 'Viewer',
  operator: 'Operator',
  approver: 'Approver',
  admin: 'Admin',
};

export const AGENT_TYPES = Object.keys(AGENT_TYPE_LABELS) as AgentTypeKey[];
export const AGENT_STATUSES = Object.keys(AGENT_STATUS_TONES) as AgentStatus[];
export const TASK_STATUSES = Object.keys(TASK_STATUS_TONES) as TaskStatus[];

/** `dead_letter` → "Dead letter". */
export function humanize(key: string): string {
  const words = key.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function agentTypeLabel(type: AgentTypeKey | null): string {
  return type ? AGENT_TYPE_LABELS[type] : 'Any type';
}
