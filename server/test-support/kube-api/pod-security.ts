/**
 * Pod Security admission (the `pod-security.kubernetes.io/enforce` namespace label) for the
 * `baseline` and `restricted` levels, checking the controls of the Pod Security Standards
 * that matter for ordinary workloads. Each violation reads like the real admission
 * plugin's message. Also used by the k8s/ manifest tests on every pod template we ship.
 *
 * Not covered: AppArmor, SELinux options, sysctls, /proc mount type and Windows host
 * process pods (none of which Hive's manifests or driver set).
 */

export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

interface SecurityContext {
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  runAsNonRoot?: boolean;
  runAsUser?: number;
  capabilities?: { add?: string[]; drop?: string[] };
  seccompProfile?: { type?: string };
}

interface Container {
  name: string;
  securityContext?: SecurityContext;
  ports?: { hostPort?: number }[];
}

export interface PodSpecLike {
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  securityContext?: SecurityContext;
  containers?: Container[];
  initContainers?: Container[];
  ephemeralContainers?: Container[];
  volumes?: Record<string, unknown>[];
}

/** Volume sources the restricted level allows; everything else (hostPath, nfs, ...) is refused. */
const RESTRICTED_VOLUMES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);
/** Capabilities baseline lets a container add (the container runtime's defaults). */
const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

const quoteList = (names: string[]) => names.map((n) => `"${n}"`).join(', ');

function allContainers(spec: PodSpecLike): Container[] {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];
}

function baseline(spec: PodSpecLike): string[] {
  const out: string[] = [];
  const containers = allContainers(spec);
  const hostNs = (['hostNetwork', 'hostPID', 'hostIPC'] as const).filter((f) => spec[f]);
  if (hostNs.length) out.push(`host namespaces (${hostNs.map((f) => `${f}=true`).join(', ')})`);
  const privileged = containers.filter((c) => c.securityContext?.privileged).map((c) => c.name);
  if (privileged.length) out.push(`privileged (container${privileged.length > 1 ? 's' : ''} ${quoteList(privileged)} must not set securityContext.privileged=true)`);
  const addsTooMuch = containers.filter((c) => (c.securityContext?.capabilities?.add ?? []).some((cap) => !BASELINE_CAPABILITIES.has(cap)));
  if (addsTooMuch.length) out.push(`non-default capabilities (containers ${quoteList(addsTooMuch.map((c) => c.name))} must not include them in securityContext.capabilities.add)`);
  const hostPath = (spec.volumes ?? []).filter((v) => 'hostPath' in v).map((v) => String(v.name));
  if (hostPath.length) out.push(`hostPath volumes (volumes ${quoteList(hostPath)})`);
  const hostPorts = containers.filter((c) => (c.ports ?? []).some((p) => p.hostPort));
  if (hostPorts.length) out.push(`hostPort (containers ${quoteList(hostPorts.map((c) => c.name))} use hostPorts)`);
  const unconfined = [spec.securityContext, ...containers.map((c) => c.securityContext)].some((sc) => sc?.seccompProfile?.type === 'Unconfined');
  if (unconfined) out.push('seccompProfile (pod or containers must not set securityContext.seccompProfile.type to "Unconfined")');
  return out;
}

function restrictedOnly(spec: PodSpecLike): string[] {
  const out: string[] = [];
  const containers = allContainers(spec);
  const pod = spec.securityContext ?? {};

  const escalating = containers.filter((c) => c.securityContext?.allowPrivilegeEscalation !== false).map((c) => c.name);
  if (escalating.length) out.push(`allowPrivilegeEscalation != false (containers ${quoteList(escalating)} must set securityContext.allowPrivilegeEscalation=false)`);

  const volumes = (spec.volumes ?? []).filter((v) => !Object.keys(v).some((k) => k === 'name' || RESTRICTED_VOLUMES.has(k))).map((v) => String(v.name));
  if (volumes.length) out.push(`restricted volume types (volumes ${quoteList(volumes)} use a restricted volume type)`);

  const dropsAll = (c: Container) => (c.securityContext?.capabilities?.drop ?? []).includes('ALL');
  const notDropping = containers.filter((c) => !dropsAll(c)).map((c) => c.name);
  const adding = containers.filter((c) => (c.securityContext?.capabilities?.add ?? []).some((cap) => cap !== 'NET_BIND_SERVICE')).map((c) => c.name);
  if (notDropping.length || adding.length) {
    const parts = [
      ...(notDropping.length ? [`containers ${quoteList(notDropping)} must set securityContext.capabilities.drop=["ALL"]`] : []),
      ...(adding.length ? [`containers ${quoteList(adding)} must not include capabilities other than "NET_BIND_SERVICE" in securityContext.capabilities.add`] : []),
    ];
    out.push(`unrestricted capabilities (${parts.join('; ')})`);
  }

  const nonRoot = (c: Container) => c.securityContext?.runAsNonRoot ?? pod.runAsNonRoot;
  if (pod.runAsNonRoot === false || containers.some((c) => nonRoot(c) !== true)) {
    const bad = containers.filter((c) => nonRoot(c) !== true).map((c) => c.name);
    out.push(`runAsNonRoot != true (pod or containers ${quoteList(bad)} must set securityContext.runAsNonRoot=true)`);
  }
  const rootUser = pod.runAsUser === 0 || containers.some((c) => c.securityContext?.runAsUser === 0);
  if (rootUser) out.push('runAsUser=0 (pod and containers must not set runAsUser=0)');

  const seccomp = (sc?: SecurityContext) => sc?.seccompProfile?.type;
  const allowed = (t: string | undefined) => t === 'RuntimeDefault' || t === 'Localhost';
  const noSeccomp = containers.filter((c) => !allowed(seccomp(c.securityContext) ?? seccomp(pod))).map((c) => c.name);
  if (noSeccomp.length) {
    out.push(`seccompProfile (pod or containers ${quoteList(noSeccomp)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")`);
  }
  return out;
}

/** Violations of the level, as the admission plugin lists them; [] when the pod is allowed. */
export function podSecurityViolations(spec: PodSpecLike, level: PodSecurityLevel): string[] {
  if (level === 'privileged') return [];
  const found = baseline(spec);
  return level === 'restricted' ? [...found, ...restrictedOnly(spec)] : found;
}
