/**
 * How agents map onto Kubernetes objects: names, labels and the selector that finds them.
 * Agent ids become part of a pod name and a label value, so they must fit both (DNS-1123,
 * at most 63 characters); Hive's ids are UUIDs, which do.
 */
import { AppError } from '../../errors.js';

export const LABEL_NAME = 'app.kubernetes.io/name';
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
export const LABEL_COMPONENT = 'app.kubernetes.io/component';
export const LABEL_AGENT_ID = 'hive.dev/agent-id';
export const LABEL_AGENT_TYPE = 'hive.dev/agent-type';
export const LABEL_SESSION = 'hive.dev/session';

export const AGENT_APP_NAME = 'hive-agent';
export const MANAGED_BY = 'hive';
/** The container's name inside every agent pod. */
export const AGENT_CONTAINER = 'agent';

/** Every agent pod this driver manages, and nothing else (an agent pool's pods are not ours). */
export const AGENT_POD_SELECTOR = `${LABEL_NAME}=${AGENT_APP_NAME},${LABEL_MANAGED_BY}=${MANAGED_BY}`;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export function assertKubernetesAgentId(agentId: string): void {
  if (agentId.length > 63 || !DNS1123_LABEL.test(agentId)) {
    throw AppError.field('agentId', 'must be at most 63 lowercase letters, digits or "-", starting and ending with a letter or digit, to name a Kubernetes pod');
  }
}

export function assertLabelValue(field: string, value: string): void {
  if (value.length > 63 || !LABEL_VALUE.test(value)) {
    throw AppError.field(field, 'must be at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit, to be a Kubernetes label value');
  }
}

/** The pod, and the Secret holding its credentials, share this name. */
export const agentPodName = (agentId: string) => `hive-agent-${agentId}`;
