/**
 * Pod and container status in the shapes the kubelet reports (`status.phase`, `conditions`,
 * `containerStatuses[].state.{waiting,running,terminated}`), so a client reads a stand-in
 * pod exactly as it reads a real one.
 */
import { createHash } from 'node:crypto';

export type ContainerState =
  | { waiting: { reason: string; message?: string } }
  | { running: { startedAt: string } }
  | { terminated: { exitCode: number; reason: string; startedAt?: string; finishedAt: string; containerID?: string; signal?: number } };

export interface ContainerStatus {
  name: string;
  state: ContainerState;
  lastState: ContainerState | Record<string, never>;
  ready: boolean;
  started: boolean;
  restartCount: number;
  image: string;
  imageID: string;
  containerID?: string;
}

export const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

export function imageId(image: string): string {
  return `${image.split(':')[0]}@sha256:${createHash('sha256').update(image).digest('hex')}`;
}

export function containerStatus(
  name: string,
  image: string,
  state: ContainerState,
  extra: { restartCount?: number; containerID?: string; lastState?: ContainerState } = {},
): ContainerStatus {
  const running = 'running' in state;
  return {
    name,
    state,
    lastState: extra.lastState ?? {},
    ready: running,
    started: running,
    restartCount: extra.restartCount ?? 0,
    image,
    imageID: 'waiting' in state ? '' : imageId(image),
    ...(extra.containerID && !('waiting' in state) && { containerID: extra.containerID }),
  };
}

type ConditionType = 'PodScheduled' | 'PodReadyToStartContainers' | 'Initialized' | 'ContainersReady' | 'Ready';

export interface PodCondition {
  type: ConditionType;
  status: 'True' | 'False';
  lastTransitionTime: string;
  reason?: string;
}

/** Sets a condition, keeping its lastTransitionTime when the status does not change. */
export function setCondition(conditions: PodCondition[], type: ConditionType, status: 'True' | 'False', reason?: string): PodCondition[] {
  const existing = conditions.find((c) => c.type === type);
  if (existing && existing.status === status && existing.reason === reason) return conditions;
  const next: PodCondition = { type, status, lastTransitionTime: now(), ...(reason && { reason }) };
  return [...conditions.filter((c) => c.type !== type), next];
}

/** The phase once every container has terminated and none will restart. */
export function terminalPhase(exitCodes: number[]): 'Succeeded' | 'Failed' {
  return exitCodes.every((c) => c === 0) ? 'Succeeded' : 'Failed';
}
