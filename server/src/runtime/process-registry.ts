/**
 * One JSON record per running worker under `<dataDir>/runtime/`, so a restarted hub can find
 * and adopt the workers the previous one left running. A record holds what identifies the
 * process and nothing secret: never the environment, so never the agent token.
 */
import { randomUUID } from 'node:crypto';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProcessIdentity } from './process-probe.js';
import type { RuntimePaths } from './runtime-paths.js';

export interface ProcessRecord extends ProcessIdentity {
  agentId: string;
  agentType: string;
  sessionId: string | null;
  startedAt: string;
}

function isProcessRecord(value: unknown): value is ProcessRecord {
  const r = value as Partial<ProcessRecord> | null;
  return (
    typeof r === 'object' && r !== null &&
    typeof r.agentId === 'string' &&
    typeof r.agentType === 'string' &&
    (typeof r.sessionId === 'string' || r.sessionId === null) &&
    typeof r.startedAt === 'string' &&
    Number.isInteger(r.pid) && (r.pid as number) > 0 &&
    typeof r.commandFingerprint === 'string' &&
    (Number.isFinite(r.procStartTicks) || r.procStartTicks === null)
  );
}

export interface RegistryScan {
  records: ProcessRecord[];
  /** Files that are not records (unreadable, half-written, renamed by hand); safe to delete. */
  junk: string[];
}

export class ProcessRegistry {
  constructor(private readonly paths: RuntimePaths) {}

  /** Written to a temporary name, then renamed, so a crash mid-write never leaves half a record. */
  async write(record: ProcessRecord): Promise<void> {
    const path = this.paths.record(record.agentId);
    const temporary = `${path}.${randomUUID()}.tmp`;
    await writeFile(temporary, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
    await rename(temporary, path);
  }

  async read(agentId: string): Promise<ProcessRecord | null> {
    const text = await readFile(this.paths.record(agentId), 'utf8').catch(() => null);
    if (text === null) return null;
    try {
      const parsed: unknown = JSON.parse(text);
      return isProcessRecord(parsed) && parsed.agentId === agentId ? parsed : null;
    } catch {
      return null;
    }
  }

  /** Removes the record only while it still describes this pid, not a newer worker's. */
  async remove(agentId: string, pid: number): Promise<void> {
    const current = await this.read(agentId);
    if (current && current.pid !== pid) return;
    await rm(this.paths.record(agentId), { force: true });
  }

  async removeFile(path: string): Promise<void> {
    await rm(path, { force: true });
  }

  async scan(): Promise<RegistryScan> {
    const scan: RegistryScan = { records: [], junk: [] };
    for (const name of await readdir(this.paths.registryDir)) {
      const path = join(this.paths.registryDir, name);
      const agentId = name.endsWith('.json') ? name.slice(0, -'.json'.length) : null;
      const record = agentId ? await this.read(agentId).catch(() => null) : null;
      if (record) scan.records.push(record);
      else scan.junk.push(path);
    }
    return scan;
  }
}
