/**
 * The `kubernetes` runtime (DESIGN §2): each agent worker is a Pod `hive-agent-<agentId>` in
 * one namespace, labelled with the agent's id, type and session, with its credentials in a
 * Secret of the same name (owned by the pod, so Kubernetes deletes it with the pod). Pod
 * shape and security: kubernetes/pod-manifest.ts.
 *
 * Exits are seen through a watch on the agent pods (kubernetes/pod-watcher.ts): a pod that
 * reaches Succeeded/Failed, or disappears, has exited; it was expected when stop() asked for
 * it. Pods survive the hub: a new driver lists them and adopts the live ones. A crashed
 * pod is left in place (Failed, its log readable with kubectl) until the agent is started
 * again. A pod's ref is its UID: the name repeats across restarts of the same agent.
 */
import { ExitListeners } from './exit-listeners.js';
import { assertTailLines } from './log-tail.js';
import { CoreApi, CoreV1Api, CustomObjectsApi, type V1Pod } from '@kubernetes/client-node';
import { AppError } from '../errors.js';
import { AgentPodApi } from './kubernetes/agent-pod-api.js';
import { describeKubeError, kubeFailure } from './kubernetes/api-errors.js';
import { probeHealth } from './kubernetes/health-probe.js';
import { AGENT_CONTAINER, AGENT_POD_SELECTOR, agentPodName, assertKubernetesAgentId, assertLabelValue, LABEL_AGENT_ID } from './kubernetes/names.js';
import { DEFAULT_GRACE_MS, KILL_WAIT_MS, LOG_SETTLE_MS, podSettings, type KubernetesDriverOptions } from './kubernetes/driver-options.js';
import { agentPod, agentSecret, type AgentPodSettings } from './kubernetes/pod-manifest.js';
import { PodLogFollower } from './kubernetes/pod-log-follower.js';
import { readPodUsage } from './kubernetes/pod-metrics.js';
import { exitOf, FATAL_WAITING_REASONS, isLive, isTerminal, pendingReason, podSnapshot, type PodSnapshot } from './kubernetes/pod-state.js';
import { PodWaiters } from './kubernetes/pod-waiters.js';
import { PodWatcher, type PodEventType } from './kubernetes/pod-watcher.js';
import { RetainedLogs } from './kubernetes/retained-logs.js';
import { TrackedPod } from './kubernetes/tracked-pod.js';
import type { AgentLaunchSpec, ExitInfo, RuntimeDriver, RuntimeHealth, RuntimeInstance } from './port.js';

export type { KubernetesDriverOptions } from './kubernetes/driver-options.js';

export class KubernetesDriver implements RuntimeDriver {
  readonly kind = 'kubernetes' as const;
  private readonly api: AgentPodApi;
  private readonly core: CoreApi;
  private readonly metrics: CustomObjectsApi;
  private readonly settings: AgentPodSettings;
  private readonly pods = new Map<string, TrackedPod>();
  /** Agents with a spawn() in flight, so two concurrent spawns cannot both create a pod. */
  private readonly starting = new Set<string>();
  private readonly exitListeners = new ExitListeners();
  private readonly waiters = new PodWaiters();
  private readonly retained = new RetainedLogs(256);
  private readonly log: (msg: string) => void;
  private readonly pollMs: number;
  private watcher: PodWatcher | null = null;
  private closed = false;

  /** Adopts the agent pods already running, and starts watching. Fails when the API cannot be used. */
  static async open(options: KubernetesDriverOptions): Promise<KubernetesDriver> {
    const driver = new KubernetesDriver(options);
    try {
      await driver.adoptAndWatch();
    } catch (err) {
      await driver.close();
      throw new AppError('UNAVAILABLE', `the Kubernetes runtime cannot use namespace ${options.namespace}: ${describeKubeError(err)}`);
    }
    return driver;
  }

  private constructor(private readonly options: KubernetesDriverOptions) {
    this.api = new AgentPodApi(options.kubeConfig.makeApiClient(CoreV1Api), options.namespace);
    this.core = options.kubeConfig.makeApiClient(CoreApi);
    this.metrics = options.kubeConfig.makeApiClient(CustomObjectsApi);
    this.log = options.log ?? ((msg) => console.error(msg));
    this.pollMs = options.pollIntervalMs ?? 1_000;
    this.settings = podSettings(options);
  }

  async spawn(spec: AgentLaunchSpec): Promise<RuntimeInstance> {
    if (this.closed) throw new AppError('UNAVAILABLE', 'the kubernetes runtime driver is closed');
    const { agentId } = spec;
    assertKubernetesAgentId(agentId);
    assertLabelValue('agentType', spec.agentType);
    if (spec.sessionId) assertLabelValue('sessionId', spec.sessionId);
    // An exit being handled right now is finished first, so a listener that restarts the agent is not refused.
    const exiting = this.pods.get(agentId);
    if (exiting?.exitSeen) await exiting.gone;
    const running = this.pods.get(agentId);
    if (running || this.starting.has(agentId)) throw alreadyRunning(agentId, running?.podName);
    this.starting.add(agentId);
    try {
      return await this.launch(spec);
    } finally {
      this.starting.delete(agentId);
    }
  }

  async stop(agentId: string, graceMs = DEFAULT_GRACE_MS): Promise<void> {
    const tracked = this.pods.get(agentId);
    if (!tracked) return;
    if (tracked.exitSeen) return tracked.gone;
    tracked.stopping ??= this.terminate(tracked, graceMs);
    return tracked.stopping;
  }

  async list(): Promise<RuntimeInstance[]> {
    return [...this.pods.values()].filter((t) => t.started && !t.exitSeen).map((t) => ({ ...t.instance }));
  }

  /** From the API while the pod exists (also after a crash); from what the driver followed once it is gone. */
  async logs(agentId: string, tail = 200): Promise<string[]> {
    assertTailLines(tail);
    if (tail === 0) return [];
    assertKubernetesAgentId(agentId);
    let lines: string[] | null;
    try {
      lines = await this.api.readLog(agentPodName(agentId), tail);
    } catch (err) {
      throw new AppError('UNAVAILABLE', `cannot read the log of agent ${agentId}: ${describeKubeError(err)}`);
    }
    if (lines) return lines;
    return (this.pods.get(agentId)?.follower.lines ?? this.retained.get(agentId))?.tail(tail) ?? [];
  }

  onExit(listener: (info: ExitInfo) => void): () => void {
    return this.exitListeners.add(listener);
  }

  async health(): Promise<RuntimeHealth> {
    const running = (await this.list()).length;
    if (this.closed) return { status: 'down', detail: 'the kubernetes runtime driver is closed', running };
    return probeHealth({
      core: this.core,
      coreV1: this.api.core,
      namespace: this.options.namespace,
      running,
      watch: this.watcher && { connected: this.watcher.connected, error: this.watcher.error },
      timeoutMs: this.options.healthTimeoutMs ?? 5_000,
    });
  }

  async usage(agentId: string): Promise<{ cpuPercent: number | null; memoryBytes: number } | null> {
    const tracked = this.pods.get(agentId);
    if (!tracked?.started || tracked.exitSeen) return null;
    return readPodUsage(this.metrics, this.options.namespace, tracked.podName);
  }

  /** Stops watching; pods keep running for the next driver to adopt. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.watcher?.stop();
    for (const tracked of this.pods.values()) {
      tracked.follower.stop();
      tracked.markGone();
    }
    this.pods.clear();
    this.exitListeners.clear();
    this.waiters.notifyAll();
  }

  private async adoptAndWatch(): Promise<void> {
    const { pods, resourceVersion } = await this.api.listPods();
    for (const pod of pods) {
      const snapshot = podSnapshot(pod);
      const agentId = snapshot.labels[LABEL_AGENT_ID];
      // Finished or being deleted: not running any more, so not adopted (and no exit is sent for it).
      if (agentId && isLive(snapshot) && !this.pods.has(agentId)) this.track(agentId, snapshot, null, true).follower.start();
    }
    this.watcher = new PodWatcher({
      kubeConfig: this.options.kubeConfig,
      namespace: this.options.namespace,
      labelSelector: AGENT_POD_SELECTOR,
      relist: () => this.api.listPods(),
      onEvent: (type, pod) => this.onPodEvent(type, podSnapshot(pod)),
      onResync: (list) => this.onResync(list),
      timeoutSeconds: this.options.watchTimeoutSeconds ?? 300,
      minBackoffMs: this.options.watchBackoffMs?.min ?? 250,
      maxBackoffMs: this.options.watchBackoffMs?.max ?? 30_000,
      log: this.log,
    });
    await this.watcher.start(resourceVersion);
  }

  private track(agentId: string, snapshot: PodSnapshot, secretUid: string | null, adopted: boolean): TrackedPod {
    const follower = new PodLogFollower({
      kubeConfig: this.options.kubeConfig,
      namespace: this.options.namespace,
      podName: snapshot.name,
      container: AGENT_CONTAINER,
      capacity: this.options.retainedLogLines ?? 2_000,
      retryMs: this.pollMs,
      log: this.log,
    });
    const tracked = new TrackedPod(agentId, snapshot, secretUid, follower, adopted);
    this.pods.set(agentId, tracked);
    return tracked;
  }

  private async launch(spec: AgentLaunchSpec): Promise<RuntimeInstance> {
    const name = agentPodName(spec.agentId);
    await this.clearLeftover(name, spec.agentId);
    // The Secret first, so the kubelet never finds the pod's secretKeyRef dangling.
    const secret = await this.api.createSecret(agentSecret(spec, this.settings)).catch((err: unknown) => {
      throw new AppError('UNAVAILABLE', `cannot create the Secret for agent ${spec.agentId}: ${describeKubeError(err)}`);
    });
    let pod: V1Pod;
    try {
      pod = await this.api.createPod(agentPod(spec, this.settings));
    } catch (err) {
      await this.api.deleteSecret(name, secret.metadata!.uid!).catch(() => undefined);
      if (kubeFailure(err)?.reason === 'AlreadyExists') throw alreadyRunning(spec.agentId, name);
      throw new AppError('UNAVAILABLE', `cannot create the pod for agent ${spec.agentId}: ${describeKubeError(err)}`);
    }
    const tracked = this.track(spec.agentId, podSnapshot(pod), secret.metadata!.uid!, false);
    try {
      // Without an owner the Secret would outlive a pod deleted behind our back; an exit still deletes it.
      await this.api.ownSecret(secret, pod).catch((err: unknown) => this.log(`kubernetes: cannot make pod ${name} own its Secret: ${describeKubeError(err)}`));
      await this.waitUntilStarted(tracked);
    } catch (err) {
      this.pods.delete(spec.agentId);
      tracked.follower.stop();
      await this.api.deletePod(name, tracked.uid, 0).catch(() => undefined);
      await this.api.deleteSecret(name, secret.metadata!.uid!).catch(() => undefined);
      throw err;
    }
    tracked.started = true;
    tracked.follower.start();
    // It may have finished while spawn was still waiting; report that now, as the watch would have.
    if (isTerminal(tracked.latest)) setImmediate(() => void this.finish(tracked, tracked.latest));
    return { ...tracked.instance };
  }

  /** A pod left by an earlier run of this agent: a finished one is removed, a live one is someone else's worker. */
  private async clearLeftover(name: string, agentId: string): Promise<void> {
    const existing = await this.api.readPod(name).catch((err: unknown) => {
      throw new AppError('UNAVAILABLE', `cannot read pod ${name}: ${describeKubeError(err)}`);
    });
    if (!existing) return;
    if (isLive(existing)) throw alreadyRunning(agentId, name);
    if (isTerminal(existing) && !existing.deleting) await this.api.deletePod(name, existing.uid, 0);
    const gone = (pod: PodSnapshot | null) => (!pod || pod.uid !== existing.uid ? true : undefined);
    await this.waiters.until(this.api, name, gone, this.settings.terminationGracePeriodSeconds * 1000 + KILL_WAIT_MS, this.pollMs, () => `the previous pod ${name} to go`);
  }

  private async waitUntilStarted(tracked: TrackedPod): Promise<void> {
    let last = tracked.latest;
    const started = (pod: PodSnapshot | null) => {
      if (!pod || pod.uid !== tracked.uid) throw new AppError('UNAVAILABLE', `pod ${tracked.podName} was deleted before it started`);
      last = pod;
      tracked.latest = pod;
      if (pod.phase === 'Running' || isTerminal(pod)) return true;
      if (pod.waiting && FATAL_WAITING_REASONS.has(pod.waiting.reason)) {
        throw new AppError('UNAVAILABLE', `pod ${tracked.podName} cannot start: ${pendingReason(pod)}`);
      }
      return undefined;
    };
    const timeout = this.options.startTimeoutMs ?? 120_000;
    await this.waiters.until(this.api, tracked.podName, started, timeout, this.pollMs, () => `pod ${tracked.podName} to start (${pendingReason(last)})`);
  }

  private async terminate(tracked: TrackedPod, graceMs: number): Promise<void> {
    tracked.stopRequested = true;
    // Kubernetes counts grace in whole seconds; 0 would mean "forget the pod now", not "kill it now".
    const graceSeconds = Math.max(1, Math.ceil(graceMs / 1000));
    let last: PodSnapshot | null = tracked.latest;
    const gone = (pod: PodSnapshot | null) => {
      if (pod && pod.uid === tracked.uid) {
        last = pod;
        return undefined;
      }
      return true;
    };
    const what = () => `pod ${tracked.podName} to stop`;
    try {
      if ((await this.api.deletePod(tracked.podName, tracked.uid, graceSeconds)) === 'deleting') {
        try {
          await this.waiters.until(this.api, tracked.podName, gone, graceSeconds * 1000 + KILL_WAIT_MS, this.pollMs, what);
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          // The kubelet never confirmed (its node may be unreachable): remove the object; the node kills the container when it is back.
          this.log(`kubernetes: pod ${tracked.podName} did not stop in time; force-deleting it`);
          await this.api.deletePod(tracked.podName, tracked.uid, 0);
          await this.waiters.until(this.api, tracked.podName, gone, KILL_WAIT_MS, this.pollMs, what);
        }
      }
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError('UNAVAILABLE', `cannot stop pod ${tracked.podName}: ${describeKubeError(err)}`);
    }
    await this.finish(tracked, last);
  }

  private onPodEvent(type: PodEventType, pod: PodSnapshot): void {
    this.waiters.notify(pod.name);
    const agentId = pod.labels[LABEL_AGENT_ID];
    const tracked = agentId ? this.pods.get(agentId) : undefined;
    if (!tracked || tracked.uid !== pod.uid) return;
    tracked.latest = pod;
    if (tracked.started && (type === 'DELETED' || isTerminal(pod))) void this.finish(tracked, pod);
  }

  /** After a relist (the watch fell too far behind): whatever changed meanwhile is caught up on. */
  private onResync(pods: V1Pod[]): void {
    const byUid = new Map(pods.map((p) => [p.metadata?.uid, podSnapshot(p)]));
    for (const tracked of [...this.pods.values()]) {
      if (!tracked.started || tracked.exitSeen) continue;
      const now = byUid.get(tracked.uid);
      if (now) tracked.latest = now;
      if (!now || isTerminal(now)) void this.finish(tracked, now ?? null);
    }
    this.waiters.notifyAll();
  }

  /** Handles an exit once, however it was seen; then tells the listeners. */
  private async finish(tracked: TrackedPod, pod: PodSnapshot | null): Promise<void> {
    if (tracked.exitSeen || this.closed) return tracked.gone;
    tracked.exitSeen = true;
    const info: ExitInfo = { agentId: tracked.agentId, ref: tracked.instance.ref, ...exitOf(pod?.terminated ? pod : tracked.latest), expected: tracked.stopRequested };
    try {
      await tracked.follower.settle(LOG_SETTLE_MS);
      await this.releaseSecret(tracked);
    } catch (err) {
      this.log(`kubernetes: cleaning up after pod ${tracked.podName} exited: ${describeKubeError(err)}`);
    } finally {
      this.retained.keep(tracked.agentId, tracked.follower.lines);
      if (this.pods.get(tracked.agentId) === tracked) this.pods.delete(tracked.agentId);
      this.exitListeners.emit(info);
      tracked.markGone();
    }
  }

  /** The token is dead once the worker is: its Secret goes now, not whenever the pod is deleted. */
  private async releaseSecret(tracked: TrackedPod): Promise<void> {
    const name = tracked.podName;
    let uid = tracked.secretUid;
    if (!uid) {
      // Adopted: delete the Secret only if it belongs to this pod, not to a newer one.
      const secret = await this.api.core.readNamespacedSecret({ name, namespace: this.options.namespace }).catch(() => null);
      const owners = secret?.metadata?.ownerReferences ?? [];
      if (owners.some((o) => o.uid === tracked.uid)) uid = secret!.metadata!.uid!;
    }
    if (uid) await this.api.deleteSecret(name, uid);
  }

}

function alreadyRunning(agentId: string, podName: string | undefined): AppError {
  const where = podName === undefined ? 'is being started' : `is running (pod ${podName})`;
  return new AppError('CONFLICT', `a worker for agent ${agentId} ${where}`, { agentId });
}
