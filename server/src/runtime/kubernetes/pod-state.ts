/**
 * What the driver needs to know about a pod, read the same way from a typed V1Pod (list,
 * read: timestamps are Dates) and from a raw watch event (timestamps are strings).
 */
import type { V1Pod } from '@kubernetes/client-node';
import { AGENT_CONTAINER } from './names.js';

export interface PodSnapshot {
  name: string;
  uid: string;
  labels: Record<string, string>;
  createdAt: string;
  /** Graceful deletion has begun (deletionTimestamp set). */
  deleting: boolean;
  phase: string;
  /** The agent container: why it waits, or how it ended. */
  waiting: { reason: string; message: string } | null;
  terminated: { exitCode: number; signal: number | null; reason: string } | null;
  /** Why the scheduler cannot place the pod, when it cannot. */
  unschedulable: string | null;
  /** A pod-level reason (e.g. Evicted) and message. */
  reason: string | null;
  message: string | null;
}

/** Pod-level waiting reasons that will not fix themselves: spawn gives up at once. */
export const FATAL_WAITING_REASONS = new Set(['ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull']);

const iso = (value: unknown): string => (value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : new Date(0).toISOString());

export function podSnapshot(pod: V1Pod): PodSnapshot {
  const status = pod.status ?? {};
  const container = status.containerStatuses?.find((c) => c.name === AGENT_CONTAINER);
  const waiting = container?.state?.waiting;
  const terminated = container?.state?.terminated;
  const scheduled = status.conditions?.find((c) => c.type === 'PodScheduled');
  return {
    name: pod.metadata?.name ?? '',
    uid: pod.metadata?.uid ?? '',
    labels: pod.metadata?.labels ?? {},
    createdAt: iso(pod.metadata?.creationTimestamp),
    deleting: !!pod.metadata?.deletionTimestamp,
    phase: status.phase ?? 'Pending',
    waiting: waiting ? { reason: waiting.reason ?? 'Waiting', message: waiting.message ?? '' } : null,
    terminated: terminated ? { exitCode: terminated.exitCode, signal: terminated.signal ?? null, reason: terminated.reason ?? '' } : null,
    unschedulable: scheduled?.status === 'False' ? (scheduled.message ?? scheduled.reason ?? 'unschedulable') : null,
    reason: status.reason ?? null,
    message: status.message ?? null,
  };
}

export const isTerminal = (pod: PodSnapshot) => pod.phase === 'Succeeded' || pod.phase === 'Failed';

/** A pod that is, or will soon be, running the agent (not finished, not being deleted). */
export const isLive = (pod: PodSnapshot) => !isTerminal(pod) && !pod.deleting;

/** The agent container's exit, as ExitInfo reports it: the code when known, no signal name (Kubernetes reports codes). */
export function exitOf(pod: PodSnapshot | null): { code: number | null; signal: string | null } {
  return { code: pod?.terminated?.exitCode ?? null, signal: null };
}

/** Why a pod is not running yet, for an error message. */
export function pendingReason(pod: PodSnapshot): string {
  if (pod.unschedulable) return `unschedulable: ${pod.unschedulable}`;
  if (pod.waiting) return `${pod.waiting.reason}${pod.waiting.message ? `: ${pod.waiting.message}` : ''}`;
  return `phase ${pod.phase}`;
}
