/**
 * One agent pod this driver started or adopted, and what has happened to it so far. Its ref
 * is the pod UID: the pod name is the same for every run of the agent.
 */
import type { RuntimeInstance } from '../port.js';
import type { PodLogFollower } from './pod-log-follower.js';
import type { PodSnapshot } from './pod-state.js';

export class TrackedPod {
  readonly instance: RuntimeInstance;
  /** Set once spawn() saw the pod start (or it was adopted); before that, spawn owns it. */
  started: boolean;
  stopRequested = false;
  /** The exit has been seen; onExit is sent (or about to be) exactly once. */
  exitSeen = false;
  stopping: Promise<void> | null = null;
  latest: PodSnapshot;
  /** Resolves once the exit has been handled and reported. */
  readonly gone: Promise<void>;
  private resolveGone!: () => void;

  constructor(
    readonly agentId: string,
    snapshot: PodSnapshot,
    readonly secretUid: string | null,
    readonly follower: PodLogFollower,
    adopted: boolean,
  ) {
    this.latest = snapshot;
    this.started = adopted;
    this.instance = { agentId, runtime: 'kubernetes', ref: snapshot.uid, startedAt: snapshot.createdAt, state: 'running', adopted };
    this.gone = new Promise((resolve) => (this.resolveGone = resolve));
  }

  get podName(): string {
    return this.latest.name;
  }

  get uid(): string {
    return this.latest.uid;
  }

  markGone(): void {
    this.resolveGone();
  }
}
