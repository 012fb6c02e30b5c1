/**
 * Opens the RuntimeDriver of a runtime target registered through the API
 * (POST /cluster/targets): a DockerDriver for a Docker host (unix://, tcp://, https://,
 * ssh://), a KubernetesDriver for a kubeconfig context. Each target gets its own driver and
 * its own state directory (archived logs, bind-mounted workspaces) under
 * `<dataDir>/targets/<id>`, so two drivers never manage each other's files.
 */
import { join } from 'node:path';
import { DockerDriver } from './docker.js';
import type { DockerRuntimeConfig } from './docker/config.js';
import { openKubernetesDriver, type KubernetesRuntimeConfig } from './kubernetes/config.js';
import type { RuntimeDriver } from './port.js';

export interface TargetDriverDefaults {
  /** Parent of each target's state directory. */
  dataDir: string;
  /** Image, limits, network and scope of the agent containers (HIVE_DOCKER_*). */
  docker: DockerRuntimeConfig['driver'];
  /** HIVE_K8S_* settings for Kubernetes targets; throws with what is missing when there are none. */
  kubernetes: () => KubernetesRuntimeConfig;
  log: (line: string) => void;
}

export function createTargetConnector(defaults: TargetDriverDefaults) {
  return async (target: { id: string; kind: 'docker' | 'kubernetes'; address: string }): Promise<RuntimeDriver> => {
    if (target.kind === 'docker') {
      return DockerDriver.open({ ...defaults.docker, host: target.address, dataDir: join(defaults.dataDir, 'targets', target.id), log: defaults.log });
    }
    return openKubernetesDriver({ ...defaults.kubernetes(), context: target.address }, { log: defaults.log });
  };
}
