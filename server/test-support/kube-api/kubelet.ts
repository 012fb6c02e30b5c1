/**
 * A simulated kubelet on one node. It watches pods in the store and moves them the way a
 * real kubelet does: bound to the node → Pending (ContainerCreating) → containers started
 * (env resolved from Secrets; a missing one is CreateContainerConfigError, retried) →
 * Running → Succeeded/Failed when the containers exit (restartPolicy Never), or restarted
 * (Always/OnFailure). A graceful deletion delivers SIGTERM, then SIGKILL (exit 137) when the
 * grace period runs out, publishes the final status and removes the pod.
 *
 * Test hooks: crash(), kill(), writeLog(), failImagePull(), usage().
 */
import { randomBytes } from 'node:crypto';
import type { ContainerContext, ContainerProcess, ContainerProgram } from './container-program.js';
import { resolveEnv, writablePaths } from './container-env.js';
import type { ObjectStore, StoreChange } from './object-store.js';
import type { ContainerLog, PodLogs } from './pod-logs.js';
import { containerStatus, now, setCondition, terminalPhase, type ContainerState, type PodCondition } from './pod-status.js';
import type { ContainerSpec, Pod } from './pod-validation.js';

export interface KubeletTiming {
  /** From creation to being bound to the node. */
  scheduleDelayMs: number;
  /** From binding to starting containers (image pull, sandbox). */
  startDelayMs: number;
  /** Between attempts after CreateContainerConfigError or an image pull failure. */
  retryMs: number;
  /** From the last container exiting to the status update (and, when deleting, the removal). */
  statusSyncMs: number;
  /** Before restarting a container under restartPolicy Always/OnFailure. */
  restartBackoffMs: number;
}

export const DEFAULT_KUBELET_TIMING: KubeletTiming = { scheduleDelayMs: 20, startDelayMs: 40, retryMs: 100, statusSyncMs: 10, restartBackoffMs: 100 };

interface ContainerRun {
  spec: ContainerSpec;
  process: ContainerProcess | null;
  log: ContainerLog | null;
  state: ContainerState;
  lastState?: ContainerState;
  restartCount: number;
  containerID?: string;
  /** Terminated for good (will not be restarted). */
  done: boolean;
}

interface PodRun {
  uid: string;
  namespace: string;
  name: string;
  containers: Map<string, ContainerRun>;
  /** Why a container has not started yet (ErrImagePull, CreateContainerConfigError, ...). */
  waiting: Map<string, { reason: string; message?: string }>;
  pullAttempts: Map<string, number>;
  timers: Set<NodeJS.Timeout>;
  terminating: boolean;
  finishing: boolean;
  killAt?: number;
  killTimer?: NodeJS.Timeout;
}

export class Kubelet {
  readonly nodeName = 'stand-in-node';
  private readonly runs = new Map<string, PodRun>();
  private readonly pullErrors = new Map<string, string>();
  private readonly unsubscribe: () => void;
  private nextIp = 2;

  constructor(
    private readonly store: ObjectStore,
    private readonly logs: PodLogs,
    private readonly programFor: (image: string) => ContainerProgram,
    private readonly timing: KubeletTiming = DEFAULT_KUBELET_TIMING,
  ) {
    this.unsubscribe = store.subscribe((change) => this.onChange(change));
  }

  /** Test hook: pulls of this image fail (ErrImagePull, then ImagePullBackOff) until cleared. */
  failImagePull(image: string, message: string | null = `failed to pull image "${image}": not found`): void {
    if (message === null) this.pullErrors.delete(image);
    else this.pullErrors.set(image, message);
  }

  /** Test hook: the container's process exits by itself with `exitCode`, as a crash would. */
  crash(namespace: string, name: string, exitCode = 1, container?: string): void {
    const [run, c] = this.running(namespace, name, container);
    c.process!.kill();
    this.exited(run, c.spec.name, exitCode, exitCode === 0 ? 'Completed' : 'Error');
  }

  /** Test hook: SIGKILL from outside (OOM killer, a node problem): exit code 137. */
  kill(namespace: string, name: string, reason: 'Error' | 'OOMKilled' = 'Error', container?: string): void {
    const [run, c] = this.running(namespace, name, container);
    c.process!.kill();
    this.exited(run, c.spec.name, 137, reason);
  }

  /** Test hook: a line in the container's log, as if the process had printed it. */
  writeLog(namespace: string, name: string, text: string, container?: string): void {
    this.running(namespace, name, container)[1].log!.write(text);
  }

  /** Per running container: what metrics-server would report, or null when the pod runs nothing. */
  usage(namespace: string, name: string): { name: string; cpuNanoCores: number; memoryBytes: number }[] | null {
    const run = this.find(namespace, name);
    const live = run ? [...run.containers.values()].filter((c) => c.process) : [];
    return live.length ? live.map((c) => ({ name: c.spec.name, ...c.process!.usage() })) : null;
  }

  close(): void {
    this.unsubscribe();
    for (const run of this.runs.values()) this.discard(run);
  }

  private onChange(change: StoreChange): void {
    if (change.resource !== 'pods') return;
    const pod = change.object as Pod;
    const uid = pod.metadata.uid!;
    const run = this.runs.get(uid);
    if (change.type === 'ADDED' && !run) {
      const created: PodRun = {
        uid, namespace: pod.metadata.namespace!, name: pod.metadata.name,
        containers: new Map(), waiting: new Map(), pullAttempts: new Map(), timers: new Set(), terminating: false, finishing: false,
      };
      this.runs.set(uid, created);
      this.later(created, this.timing.scheduleDelayMs, () => this.bind(created));
    } else if (change.type === 'MODIFIED' && run && pod.metadata.deletionTimestamp) {
      // Like the real kubelet, the grace period runs from when the kubelet sees the deletion.
      this.beginTermination(run, Date.now() + (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000);
    } else if (change.type === 'DELETED' && run) {
      this.discard(run);
    }
  }

  private bind(run: PodRun): void {
    this.mutate(run, (pod) => {
      pod.spec.nodeName = this.nodeName;
      const status = (pod.status ??= {});
      status.hostIP = '10.0.0.10';
      status.podIP = `10.244.0.${this.nextIp++ % 250}`;
      status.podIPs = [{ ip: status.podIP }];
      status.startTime = now();
      let conditions = setCondition([], 'PodScheduled', 'True');
      conditions = setCondition(conditions, 'PodReadyToStartContainers', 'False');
      conditions = setCondition(conditions, 'Initialized', 'True');
      conditions = setCondition(conditions, 'ContainersReady', 'False', 'ContainersNotReady');
      status.conditions = setCondition(conditions, 'Ready', 'False', 'ContainersNotReady');
    });
    this.publish(run);
    this.later(run, this.timing.startDelayMs, () => this.startContainers(run));
  }

  private startContainers(run: PodRun): void {
    const pod = this.current(run);
    if (!pod || run.terminating) return;
    let pending = false;
    for (const spec of pod.spec.containers) {
      if (run.containers.has(spec.name)) continue;
      const image = spec.image ?? '';
      const pullError = this.pullErrors.get(image);
      if (pullError) {
        const attempt = (run.pullAttempts.get(spec.name) ?? 0) + 1;
        run.pullAttempts.set(spec.name, attempt);
        run.waiting.set(spec.name, attempt === 1 ? { reason: 'ErrImagePull', message: pullError } : { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}": ${pullError}` });
        pending = true;
        continue;
      }
      const resolved = resolveEnv(this.store, pod, spec);
      if ('error' in resolved) {
        run.waiting.set(spec.name, { reason: 'CreateContainerConfigError', message: resolved.error });
        pending = true;
        continue;
      }
      run.waiting.delete(spec.name);
      this.launch(run, pod, spec, resolved.env);
    }
    this.publish(run);
    if (pending) this.later(run, this.timing.retryMs, () => this.startContainers(run));
  }

  private launch(run: PodRun, pod: Pod, spec: ContainerSpec, env: Record<string, string>, restartCount = 0): void {
    const log = this.logs.start(run.uid, spec.name);
    const container: ContainerRun = {
      spec, process: null, log, restartCount, done: false,
      state: { running: { startedAt: now() } },
      lastState: run.containers.get(spec.name)?.lastState,
      containerID: `containerd://${randomBytes(32).toString('hex')}`,
    };
    run.containers.set(spec.name, container);
    const context: ContainerContext = {
      namespace: run.namespace, podName: run.name, containerName: spec.name, image: spec.image ?? '', env,
      workingDir: spec.workingDir || '/',
      pid: 1,
      isWritable: writablePaths(pod, spec),
      stdout: (text) => log.write(text),
      stderr: (text) => log.write(text),
      exit: (code) => this.exited(run, spec.name, code, code === 0 ? 'Completed' : 'Error'),
    };
    const process = this.programFor(spec.image ?? '')(context);
    // A program may exit while it starts; then there is no process to keep.
    if ('running' in container.state) container.process = process;
  }

  private exited(run: PodRun, name: string, exitCode: number, reason: string): void {
    const container = run.containers.get(name);
    if (!container || !('running' in container.state)) return;
    container.process = null;
    container.state = { terminated: { exitCode, reason, startedAt: container.state.running.startedAt, finishedAt: now(), containerID: container.containerID } };
    container.log?.end();
    const pod = this.current(run);
    const policy = pod?.spec.restartPolicy ?? 'Never';
    const restart = !run.terminating && (policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0));
    if (!restart) container.done = true;
    if (run.terminating && [...run.containers.values()].every((c) => !c.process)) return this.finishTermination(run);
    this.publish(run);
    if (restart && pod) {
      container.lastState = container.state;
      container.state = { waiting: { reason: 'CrashLoopBackOff', message: `back-off restarting failed container ${name}` } };
      this.later(run, this.timing.restartBackoffMs * 2 ** Math.min(container.restartCount, 5), () => {
        const latest = this.current(run);
        const resolved = latest && resolveEnv(this.store, latest, container.spec);
        if (latest && resolved && 'env' in resolved && !run.terminating) this.launch(run, latest, container.spec, resolved.env, container.restartCount + 1);
        this.publish(run);
      });
    }
  }

  private beginTermination(run: PodRun, killAt: number): void {
    if (run.killAt !== undefined && killAt >= run.killAt) return;
    run.killAt = killAt;
    clearTimeout(run.killTimer);
    const first = !run.terminating;
    run.terminating = true;
    const live = [...run.containers.values()].filter((c) => c.process);
    if (live.length === 0) return this.finishTermination(run);
    if (first) for (const c of live) c.process?.terminate();
    run.killTimer = setTimeout(() => {
      for (const c of [...run.containers.values()].filter((x) => x.process)) {
        c.process!.kill();
        this.exited(run, c.spec.name, 137, 'Error');
      }
    }, Math.max(0, killAt - Date.now()));
  }

  /** Final status, then the pod object goes (unless finalizers hold it). */
  private finishTermination(run: PodRun): void {
    if (run.finishing) return;
    run.finishing = true;
    clearTimeout(run.killTimer);
    for (const timer of run.timers) clearTimeout(timer);
    run.timers.clear();
    this.later(run, this.timing.statusSyncMs, () => {
      this.publish(run);
      const pod = this.current(run);
      if (pod && !(pod.metadata.finalizers?.length)) this.store.remove('pods', run.namespace, run.name);
    });
  }

  /** Writes the containers' states, the phase and the conditions into the pod's status. */
  private publish(run: PodRun): void {
    this.mutate(run, (pod) => {
      const statuses = pod.spec.containers.map((spec) => {
        const c = run.containers.get(spec.name);
        if (!c) return containerStatus(spec.name, spec.image ?? '', { waiting: run.waiting.get(spec.name) ?? { reason: 'ContainerCreating' } });
        return containerStatus(spec.name, spec.image ?? '', c.state, { restartCount: c.restartCount, containerID: c.containerID, lastState: c.lastState });
      });
      const all = [...run.containers.values()];
      const started = all.length === pod.spec.containers.length;
      const finished = started && all.every((c) => c.done || (run.terminating && !c.process));
      const ready = started && all.every((c) => c.process);
      const status = (pod.status ??= {});
      status.containerStatuses = statuses;
      if (finished) {
        status.phase = terminalPhase(all.map((c) => ('terminated' in c.state ? c.state.terminated.exitCode : 137)));
      } else if (!run.terminating || status.phase === 'Pending') {
        status.phase = all.some((c) => c.process || c.done) ? 'Running' : 'Pending';
      }
      let conditions = (status.conditions ?? []) as PodCondition[];
      conditions = setCondition(conditions, 'PodReadyToStartContainers', all.length > 0 ? 'True' : 'False');
      const reason = finished ? 'PodCompleted' : ready ? undefined : 'ContainersNotReady';
      conditions = setCondition(conditions, 'ContainersReady', ready ? 'True' : 'False', reason);
      status.conditions = setCondition(conditions, 'Ready', ready ? 'True' : 'False', reason);
    });
  }

  private discard(run: PodRun): void {
    clearTimeout(run.killTimer);
    for (const timer of run.timers) clearTimeout(timer);
    run.timers.clear();
    for (const c of run.containers.values()) {
      c.process?.kill();
      c.process = null;
    }
    this.logs.forget(run.uid);
    this.runs.delete(run.uid);
  }

  private current(run: PodRun): Pod | undefined {
    const pod = this.store.find('pods', run.namespace, run.name) as Pod | undefined;
    return pod?.metadata.uid === run.uid ? pod : undefined;
  }

  private mutate(run: PodRun, change: (pod: Pod) => void): void {
    const pod = this.current(run);
    if (!pod) return;
    change(pod);
    delete pod.metadata.resourceVersion;
    this.store.update('pods', pod);
  }

  private later(run: PodRun, ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      run.timers.delete(timer);
      fn();
    }, ms);
    run.timers.add(timer);
  }

  private find(namespace: string, name: string): PodRun | undefined {
    return [...this.runs.values()].find((r) => r.namespace === namespace && r.name === name);
  }

  private running(namespace: string, name: string, container?: string): [PodRun, ContainerRun] {
    const run = this.find(namespace, name);
    const c = run && [...run.containers.values()].find((x) => x.process && (!container || x.spec.name === container));
    if (!run || !c) throw new Error(`kube-api stand-in: no running container in pod ${namespace}/${name}`);
    return [run, c];
  }
}
