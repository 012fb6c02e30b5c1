/**
 * The Pod and Secret an agent runs as. The pod meets the `restricted` Pod Security Standard
 * (non-root uid 10001, no privilege escalation, all capabilities dropped, RuntimeDefault
 * seccomp, read-only root filesystem with emptyDirs for /tmp and the workspace), cannot
 * talk to the Kubernetes API (no service account token), and gets its credentials from a
 * Secret by `secretKeyRef`: a pod spec is readable by anyone who may `get pods`, so nothing
 * credential-like is ever written into it.
 */
import type { V1EnvVar, V1Pod, V1ResourceRequirements, V1Secret } from '@kubernetes/client-node';
import type { AgentLaunchSpec } from '../port.js';
import {
  AGENT_APP_NAME, AGENT_CONTAINER, agentPodName, LABEL_AGENT_ID, LABEL_AGENT_TYPE, LABEL_COMPONENT, LABEL_MANAGED_BY, LABEL_NAME, LABEL_SESSION, MANAGED_BY,
} from './names.js';

export const WORKSPACE_PATH = '/workspace';
export const AGENT_UID = 10001;

export interface AgentPodSettings {
  namespace: string;
  image: string;
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  imagePullSecrets?: string[];
  /** The agents' own service account (its token is never mounted). Default: the namespace's `default`. */
  serviceAccountName?: string;
  resources: V1ResourceRequirements;
  /** emptyDir size limits; an agent that fills its workspace past this is evicted. */
  workspaceSizeLimit: string;
  tmpSizeLimit: string;
  /** For deletions that do not come through the driver (kubectl delete, node drain). */
  terminationGracePeriodSeconds: number;
  /** Override the image's entrypoint (tests, custom images). */
  command?: string[];
  /** An exec liveness probe, e.g. the agent image's healthcheck; none by default. */
  livenessCommand?: string[];
}

/** Environment variables whose values are credentials go to the Secret, never into the pod spec. */
const CREDENTIAL_NAME = /(^|_)(TOKEN|SECRET|PASSWORD|PASSWD|KEY|APIKEY|CREDENTIALS?)$/i;
export const isCredentialEnv = (name: string) => CREDENTIAL_NAME.test(name);

export function agentLabels(spec: AgentLaunchSpec): Record<string, string> {
  return {
    [LABEL_NAME]: AGENT_APP_NAME,
    [LABEL_MANAGED_BY]: MANAGED_BY,
    [LABEL_COMPONENT]: 'agent',
    [LABEL_AGENT_ID]: spec.agentId,
    [LABEL_AGENT_TYPE]: spec.agentType,
    ...(spec.sessionId && { [LABEL_SESSION]: spec.sessionId }),
  };
}

/** The worker's environment: the launch spec's, with the driver's own values for who it is and where it works. */
export function agentEnvironment(spec: AgentLaunchSpec): Record<string, string> {
  return { ...spec.env, HIVE_AGENT_ID: spec.agentId, HIVE_WORKSPACE: WORKSPACE_PATH };
}

export function agentSecret(spec: AgentLaunchSpec, settings: AgentPodSettings): V1Secret {
  const env = agentEnvironment(spec);
  const stringData = Object.fromEntries(Object.entries(env).filter(([name]) => isCredentialEnv(name)));
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: agentPodName(spec.agentId), namespace: settings.namespace, labels: agentLabels(spec) },
    type: 'Opaque',
    stringData,
  };
}

export function agentPod(spec: AgentLaunchSpec, settings: AgentPodSettings): V1Pod {
  const name = agentPodName(spec.agentId);
  const env: V1EnvVar[] = Object.entries(agentEnvironment(spec)).map(([key, value]) =>
    isCredentialEnv(key) ? { name: key, valueFrom: { secretKeyRef: { name, key } } } : { name: key, value },
  );
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: settings.namespace, labels: agentLabels(spec) },
    spec: {
      // The orchestrator restarts crashed agents itself, with backoff and a fresh token.
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: settings.terminationGracePeriodSeconds,
      ...(settings.serviceAccountName && { serviceAccountName: settings.serviceAccountName }),
      // Agents reach only the hub; they have no business with the Kubernetes API.
      automountServiceAccountToken: false,
      // No Docker-links-style variables describing every Service in the namespace.
      enableServiceLinks: false,
      ...(settings.imagePullSecrets?.length && { imagePullSecrets: settings.imagePullSecrets.map((s) => ({ name: s })) }),
      securityContext: {
        runAsNonRoot: true,
        runAsUser: AGENT_UID,
        runAsGroup: AGENT_UID,
        fsGroup: AGENT_UID,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      containers: [
        {
          name: AGENT_CONTAINER,
          image: settings.image,
          ...(settings.imagePullPolicy && { imagePullPolicy: settings.imagePullPolicy }),
          ...(settings.command && { command: settings.command }),
          workingDir: WORKSPACE_PATH,
          env,
          resources: settings.resources,
          securityContext: {
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            runAsUser: AGENT_UID,
            capabilities: { drop: ['ALL'] },
            seccompProfile: { type: 'RuntimeDefault' },
          },
          volumeMounts: [
            { name: 'workspace', mountPath: WORKSPACE_PATH },
            { name: 'tmp', mountPath: '/tmp' },
          ],
          ...(settings.livenessCommand && {
            livenessProbe: { exec: { command: settings.livenessCommand }, initialDelaySeconds: 20, periodSeconds: 15, timeoutSeconds: 5, failureThreshold: 3 },
          }),
        },
      ],
      volumes: [
        { name: 'workspace', emptyDir: { sizeLimit: settings.workspaceSizeLimit } },
        { name: 'tmp', emptyDir: { sizeLimit: settings.tmpSizeLimit } },
      ],
    },
  };
}
