/**
 * Pod-specific validation (`ValidatePodCreate` in the real server, the parts a client can
 * get wrong) and defaulting (`SetDefaults_Pod`), applied after object-validation.ts.
 */
import { FieldErrors } from './field-errors.js';
import { configMapKey, dns1123Label, dns1123Subdomain, envVarName } from './names.js';
import type { KubeObject } from './object-store.js';
import { parseQuantity } from './quantity.js';

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name?: string; key: string; optional?: boolean };
    configMapKeyRef?: { name?: string; key: string; optional?: boolean };
    fieldRef?: { fieldPath: string };
    resourceFieldRef?: { resource: string };
  };
}

export interface ContainerSpec {
  name: string;
  image?: string;
  imagePullPolicy?: string;
  command?: string[];
  args?: string[];
  workingDir?: string;
  env?: EnvVar[];
  ports?: { containerPort: number; protocol?: string; hostPort?: number }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean; subPath?: string }[];
  securityContext?: { readOnlyRootFilesystem?: boolean; runAsUser?: number; [k: string]: unknown };
  terminationMessagePath?: string;
  terminationMessagePolicy?: string;
}

export interface PodSpec {
  containers: ContainerSpec[];
  initContainers?: ContainerSpec[];
  volumes?: ({ name: string } & Record<string, unknown>)[];
  restartPolicy?: string;
  terminationGracePeriodSeconds?: number;
  serviceAccountName?: string;
  serviceAccount?: string;
  automountServiceAccountToken?: boolean;
  enableServiceLinks?: boolean;
  nodeName?: string;
  securityContext?: { runAsUser?: number; runAsNonRoot?: boolean; [k: string]: unknown };
  [k: string]: unknown;
}

export interface Pod extends KubeObject {
  spec: PodSpec;
  status?: Record<string, unknown>;
}

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const VOLUME_SOURCES = ['emptyDir', 'secret', 'configMap', 'projected', 'downwardAPI', 'persistentVolumeClaim', 'hostPath', 'csi', 'ephemeral', 'nfs'];

function validateEnv(env: EnvVar[], path: string, errors: FieldErrors): void {
  env.forEach((e, i) => {
    const at = `${path}[${i}]`;
    if (!e.name) errors.required(`${at}.name`);
    else errors.check(`${at}.name`, e.name, envVarName);
    if (!e.valueFrom) return;
    if (e.value) errors.invalid(`${at}.valueFrom`, '', 'may not be specified when `value` is not empty');
    const sources = Object.keys(e.valueFrom).filter((k) => (e.valueFrom as Record<string, unknown>)[k] !== undefined);
    if (sources.length === 0) errors.invalid(`${at}.valueFrom`, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`');
    if (sources.length > 1) errors.invalid(`${at}.valueFrom`, '', 'may not have more than one field specified at a time');
    for (const ref of [e.valueFrom.secretKeyRef, e.valueFrom.configMapKeyRef]) {
      if (!ref) continue;
      const which = ref === e.valueFrom.secretKeyRef ? 'secretKeyRef' : 'configMapKeyRef';
      if (!ref.name) errors.required(`${at}.valueFrom.${which}.name`);
      else errors.check(`${at}.valueFrom.${which}.name`, ref.name, dns1123Subdomain);
      if (!ref.key) errors.required(`${at}.valueFrom.${which}.key`);
      else errors.check(`${at}.valueFrom.${which}.key`, ref.key, configMapKey);
    }
  });
}

function validateResources(c: ContainerSpec, path: string, errors: FieldErrors): void {
  const { requests = {}, limits = {} } = c.resources ?? {};
  for (const [bucket, values] of [['requests', requests], ['limits', limits]] as const) {
    for (const [name, value] of Object.entries(values)) {
      if (parseQuantity(value) === null) errors.invalid(`${path}.resources.${bucket}[${name}]`, value, 'must be a valid quantity');
    }
  }
  for (const [name, request] of Object.entries(requests)) {
    const limit = limits[name];
    if (limit === undefined) continue;
    if ((parseQuantity(request) ?? 0) > (parseQuantity(limit) ?? Infinity)) {
      errors.invalid(`${path}.resources.requests`, request, `must be less than or equal to ${name} limit of ${limit}`);
    }
  }
}

function validateContainers(containers: ContainerSpec[], path: string, volumes: Set<string>, errors: FieldErrors, seen: Set<string>): void {
  containers.forEach((c, i) => {
    const at = `${path}[${i}]`;
    if (!c.name) errors.required(`${at}.name`);
    else {
      errors.check(`${at}.name`, c.name, dns1123Label);
      if (seen.has(c.name)) errors.duplicate(`${at}.name`, c.name);
      seen.add(c.name);
    }
    if (!c.image) errors.required(`${at}.image`);
    if (c.imagePullPolicy && !PULL_POLICIES.includes(c.imagePullPolicy)) errors.notSupported(`${at}.imagePullPolicy`, c.imagePullPolicy, PULL_POLICIES);
    validateEnv(c.env ?? [], `${at}.env`, errors);
    validateResources(c, at, errors);
    (c.ports ?? []).forEach((p, j) => {
      if (!(p.containerPort >= 1 && p.containerPort <= 65535)) errors.invalid(`${at}.ports[${j}].containerPort`, p.containerPort, 'must be between 1 and 65535, inclusive');
    });
    const mountPaths = new Set<string>();
    (c.volumeMounts ?? []).forEach((m, j) => {
      if (!volumes.has(m.name)) errors.notFound(`${at}.volumeMounts[${j}].name`, m.name);
      if (!m.mountPath) errors.required(`${at}.volumeMounts[${j}].mountPath`);
      else if (mountPaths.has(m.mountPath)) errors.invalid(`${at}.volumeMounts[${j}].mountPath`, m.mountPath, 'must be unique');
      mountPaths.add(m.mountPath);
    });
  });
}

/** Throws the 422 the real server would answer for an invalid pod spec. */
export function validatePod(pod: Pod): void {
  const errors = new FieldErrors();
  const spec = pod.spec;
  if (!spec) {
    errors.required('spec');
    errors.throwIfAny('Pod', pod.metadata.name);
    return;
  }
  const volumes = new Set<string>();
  (spec.volumes ?? []).forEach((v, i) => {
    errors.check(`spec.volumes[${i}].name`, v.name ?? '', dns1123Label);
    if (volumes.has(v.name)) errors.duplicate(`spec.volumes[${i}].name`, v.name);
    volumes.add(v.name);
    const sources = Object.keys(v).filter((k) => VOLUME_SOURCES.includes(k));
    if (sources.length !== 1) errors.required(`spec.volumes[${i}]`, 'must specify exactly one volume type');
  });
  if (!spec.containers || spec.containers.length === 0) errors.required('spec.containers');
  const names = new Set<string>();
  validateContainers(spec.containers ?? [], 'spec.containers', volumes, errors, names);
  validateContainers(spec.initContainers ?? [], 'spec.initContainers', volumes, errors, names);
  if (spec.restartPolicy && !RESTART_POLICIES.includes(spec.restartPolicy)) errors.notSupported('spec.restartPolicy', spec.restartPolicy, RESTART_POLICIES);
  if (spec.terminationGracePeriodSeconds !== undefined && spec.terminationGracePeriodSeconds < 0) {
    errors.invalid('spec.terminationGracePeriodSeconds', spec.terminationGracePeriodSeconds, 'must be greater than or equal to 0');
  }
  if (spec.serviceAccountName) errors.check('spec.serviceAccountName', spec.serviceAccountName, dns1123Subdomain);
  if (spec.nodeName) errors.forbidden('spec.nodeName', 'this stand-in schedules pods itself; binding to a node by hand is not supported');
  errors.throwIfAny('Pod', pod.metadata.name);
}

function defaultPullPolicy(image: string): string {
  const lastSegment = image.split('/').pop() ?? '';
  if (image.includes('@')) return 'IfNotPresent';
  return !lastSegment.includes(':') || lastSegment.endsWith(':latest') ? 'Always' : 'IfNotPresent';
}

/** The defaults the real server fills in, so clients read back what they would from a cluster. */
export function defaultPod(pod: Pod): void {
  const spec = pod.spec;
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.serviceAccountName ??= spec.serviceAccount ?? 'default';
  spec.serviceAccount = spec.serviceAccountName;
  spec.enableServiceLinks ??= true;
  spec.securityContext ??= {};
  spec.priority ??= 0;
  for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
    c.imagePullPolicy ??= defaultPullPolicy(c.image ?? '');
    c.terminationMessagePath ??= '/dev/termination-log';
    c.terminationMessagePolicy ??= 'File';
    c.resources ??= {};
    // Requests default to limits when only limits are given.
    if (c.resources.limits) c.resources.requests = { ...c.resources.limits, ...c.resources.requests };
    for (const p of c.ports ?? []) p.protocol ??= 'TCP';
  }
  pod.status = { phase: 'Pending', qosClass: qosClass(spec) };
}

function qosClass(spec: PodSpec): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = spec.containers;
  const any = containers.some((c) => Object.keys(c.resources?.requests ?? {}).length || Object.keys(c.resources?.limits ?? {}).length);
  if (!any) return 'BestEffort';
  const guaranteed = containers.every((c) => {
    const { requests = {}, limits = {} } = c.resources ?? {};
    return ['cpu', 'memory'].every((r) => limits[r] !== undefined && parseQuantity(requests[r] ?? limits[r]!) === parseQuantity(limits[r]!));
  });
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
