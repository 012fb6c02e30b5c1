/**
 * Waiting for a pod to reach some state. Each check reads the pod from the API (the truth);
 * watch events for that pod wake the waiter early, and a poll covers a watch that is
 * momentarily down.
 */
import { AppError } from '../../errors.js';
import type { AgentPodApi } from './agent-pod-api.js';
import type { PodSnapshot } from './pod-state.js';

export class PodWaiters {
  private readonly waiting = new Map<string, Set<() => void>>();

  notify(podName: string): void {
    for (const wake of this.waiting.get(podName) ?? []) wake();
  }

  notifyAll(): void {
    for (const name of this.waiting.keys()) this.notify(name);
  }

  /** Resolves at the next notify() for the pod, or after `ms`. */
  next(podName: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const set = this.waiting.get(podName) ?? new Set();
      this.waiting.set(podName, set);
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        if (set.size === 0) this.waiting.delete(podName);
        resolve();
      };
      const timer = setTimeout(done, ms);
      set.add(done);
    });
  }

  /**
   * Reads the pod until `test` returns a value (or throws), at most `timeoutMs`.
   * `test` gets null when the pod does not exist.
   */
  async until<T>(api: AgentPodApi, podName: string, test: (pod: PodSnapshot | null) => T | undefined, timeoutMs: number, pollMs: number, what: () => string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = test(await api.readPod(podName));
      if (result !== undefined) return result;
      const left = deadline - Date.now();
      if (left <= 0) throw new AppError('UNAVAILABLE', `timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what()}`);
      await this.next(podName, Math.min(pollMs, left));
    }
  }
}
