import { randomUUID } from 'node:crypto';
/**
 * Where the process driver keeps its state under the data dir. Agent ids become file and
 * directory names here, so they are checked first: an id like `../../etc` must never escape.
 */
import { constants } from 'node:fs';
import { access, mkdir, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AppError } from '../errors.js';

const SAFE_AGENT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function assertSafeAgentId(agentId: string): void {
  if (!SAFE_AGENT_ID.test(agentId)) {
    throw AppError.field('agentId', 'must be 1-128 letters, digits, ".", "_" or "-", starting with a letter or digit');
  }
}

export class RuntimePaths {
  readonly dataDir: string;
  /** One JSON record per running worker: what a restarted hub reads to adopt it. */
  readonly registryDir: string;
  readonly logsDir: string;
  readonly workspacesDir: string;
  /** The agent worker bundled into one file, reused while its sources are unchanged. */
  readonly bundleDir: string;

  constructor(dataDir: string) {
    this.dataDir = resolve(dataDir);
    this.registryDir = join(this.dataDir, 'runtime');
    this.logsDir = join(this.dataDir, 'logs');
    this.workspacesDir = join(this.dataDir, 'workspaces');
    this.bundleDir = join(this.dataDir, 'bundle');
  }

  workspace(agentId: string): string {
    assertSafeAgentId(agentId);
    return join(this.workspacesDir, agentId);
  }

  logFile(agentId: string): string {
    assertSafeAgentId(agentId);
    return join(this.logsDir, `${agentId}.log`);
  }

  /** The previous log after a rotation; read after the current one runs short. */
  rotatedLogFile(agentId: string): string {
    return `${this.logFile(agentId)}.1`;
  }

  record(agentId: string): string {
    assertSafeAgentId(agentId);
    return join(this.registryDir, `${agentId}.json`);
  }

  /** Owner-only: records, logs and workspaces may hold what agents worked on. */
  async ensure(): Promise<void> {
    for (const dir of [this.registryDir, this.logsDir, this.workspacesDir]) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
    }
  }

  /**
   * Writes and removes a probe file in each directory. `access(W_OK)` alone is not enough: it
   * says yes to root on a read-only permission bit and to a plain file standing where a
   * directory should be.
   */
  async assertWritable(): Promise<void> {
    await access(this.dataDir, constants.W_OK);
    for (const dir of [this.registryDir, this.logsDir, this.workspacesDir]) {
      // Unique per call: health checks run concurrently (health, readiness, the cluster view).
      const probe = join(dir, `.write-probe-${process.pid}-${randomUUID()}`);
      await writeFile(probe, '');
      await unlink(probe);
    }
  }
}
