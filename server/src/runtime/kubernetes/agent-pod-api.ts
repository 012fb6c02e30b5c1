/**
 * The API calls the driver makes on agent pods and their Secrets, with Kubernetes' answers
 * turned into what the driver cares about: 404 means gone, a failed uid precondition means
 * "that was a different pod", and an AlreadyExists Secret left by an earlier run is
 * replaced (deleted by uid, then created fresh) rather than reused.
 */
import type { CoreV1Api, V1Pod, V1Secret } from '@kubernetes/client-node';
import { isConflict, isNotFound, kubeFailure } from './api-errors.js';
import { AGENT_CONTAINER, AGENT_POD_SELECTOR } from './names.js';
import { podSnapshot, type PodSnapshot } from './pod-state.js';

export class AgentPodApi {
  constructor(
    readonly core: CoreV1Api,
    readonly namespace: string,
  ) {}

  async readPod(name: string): Promise<PodSnapshot | null> {
    try {
      return podSnapshot(await this.core.readNamespacedPod({ name, namespace: this.namespace }));
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  /** Every agent pod, page by page, with the resourceVersion to watch from. */
  async listPods(): Promise<{ pods: V1Pod[]; resourceVersion: string }> {
    const pods: V1Pod[] = [];
    let token: string | undefined;
    let resourceVersion = '';
    do {
      const page = await this.core.listNamespacedPod({ namespace: this.namespace, labelSelector: AGENT_POD_SELECTOR, limit: 500, ...(token && { _continue: token }) });
      pods.push(...page.items);
      resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
      token = page.metadata?._continue || undefined;
    } while (token);
    return { pods, resourceVersion };
  }

  createPod(body: V1Pod): Promise<V1Pod> {
    return this.core.createNamespacedPod({ namespace: this.namespace, body });
  }

  /** Deletes that exact pod (uid precondition); 'gone' when it, or that incarnation of it, no longer exists. */
  async deletePod(name: string, uid: string, gracePeriodSeconds: number): Promise<'deleting' | 'gone'> {
    try {
      await this.core.deleteNamespacedPod({ name, namespace: this.namespace, gracePeriodSeconds, body: { gracePeriodSeconds, preconditions: { uid } } });
      return 'deleting';
    } catch (err) {
      if (isNotFound(err) || isConflict(err)) return 'gone';
      throw err;
    }
  }

  async createSecret(body: V1Secret): Promise<V1Secret> {
    try {
      return await this.core.createNamespacedSecret({ namespace: this.namespace, body });
    } catch (err) {
      if (kubeFailure(err)?.reason !== 'AlreadyExists') throw err;
    }
    // Left by an earlier run whose pod is gone but the garbage collector has not caught up.
    // A new object (new uid) rather than an update: the collector deletes by uid, so it
    // cannot then take the fresh Secret for the stale one.
    const name = body.metadata!.name!;
    const stale = await this.core.readNamespacedSecret({ name, namespace: this.namespace }).catch(() => null);
    if (stale?.metadata?.uid) await this.deleteSecret(name, stale.metadata.uid);
    return this.core.createNamespacedSecret({ namespace: this.namespace, body });
  }

  /** Makes the pod the Secret's owner, so Kubernetes deletes the Secret with the pod. */
  async ownSecret(secret: V1Secret, pod: V1Pod): Promise<void> {
    const owned: V1Secret = {
      ...secret,
      stringData: undefined,
      metadata: {
        ...secret.metadata,
        ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: pod.metadata!.name!, uid: pod.metadata!.uid!, controller: true }],
      },
    };
    await this.core.replaceNamespacedSecret({ name: secret.metadata!.name!, namespace: this.namespace, body: owned });
  }

  async deleteSecret(name: string, uid: string): Promise<void> {
    try {
      await this.core.deleteNamespacedSecret({ name, namespace: this.namespace, body: { preconditions: { uid } } });
    } catch (err) {
      if (!isNotFound(err) && !isConflict(err)) throw err;
    }
  }

  /** The last `tail` lines of the agent container's log, or null when there is none to read (no pod, or not started). */
  async readLog(name: string, tail: number): Promise<string[] | null> {
    let text: string;
    try {
      text = await this.core.readNamespacedPodLog({ name, namespace: this.namespace, container: AGENT_CONTAINER, tailLines: tail });
    } catch (err) {
      const code = kubeFailure(err)?.code;
      if (code === 404 || code === 400) return null;
      throw err;
    }
    const lines = text.split('\n');
    if (lines.at(-1) === '') lines.pop();
    return lines;
  }
}
