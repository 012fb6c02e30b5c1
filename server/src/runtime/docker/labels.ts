/**
 * How the Docker runtime names and labels what it starts. Containers are found again by label
 * (after a hub restart, or by reapOrphans); the agent a container belongs to is read from its
 * name, because a warm-pool container is renamed when it is claimed, while labels are fixed
 * at creation (so a claimed container has no `hive.agent.id` or `hive.session` label).
 */
export const LABELS = {
  /** Marks every container the Docker runtime starts. */
  agent: 'hive.agent',
  agentId: 'hive.agent.id',
  agentType: 'hive.agent.type',
  session: 'hive.session',
  /** Which hub (data dir) owns the container: drivers only adopt and reap their own scope. */
  scope: 'hive.scope',
  /** `cold` (spawned for its agent) or `warm` (pre-started, then claimed). */
  start: 'hive.start',
} as const;

export const AGENT_NAME_PREFIX = 'hive-agent-';
export const WARM_NAME_PREFIX = 'hive-warm-';
export const DEFAULT_SCOPE = 'hive';

export function agentContainerName(agentId: string): string {
  return `${AGENT_NAME_PREFIX}${agentId}`;
}

/** Docker reports names with a leading slash. */
export function plainName(name: string): string {
  return name.startsWith('/') ? name.slice(1) : name;
}

export function agentIdFromName(name: string): string | null {
  const plain = plainName(name);
  return plain.startsWith(AGENT_NAME_PREFIX) ? plain.slice(AGENT_NAME_PREFIX.length) : null;
}

export function isWarmName(name: string): boolean {
  return plainName(name).startsWith(WARM_NAME_PREFIX);
}

/** Label filters for the containers of one scope, for list and events calls. */
export function scopeFilters(scope: string): string[] {
  return [`${LABELS.agent}=true`, `${LABELS.scope}=${scope}`];
}

/** Labels of a container started cold for an agent. Never anything secret: labels are public to anyone who can list containers. */
export function agentLabels(scope: string, spec: { agentId: string; agentType: string; sessionId: string | null }): Record<string, string> {
  return {
    [LABELS.agent]: 'true',
    [LABELS.scope]: scope,
    [LABELS.agentId]: spec.agentId,
    [LABELS.agentType]: spec.agentType,
    [LABELS.start]: 'cold',
    ...(spec.sessionId && { [LABELS.session]: spec.sessionId }),
  };
}
