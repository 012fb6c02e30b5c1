/**
 * Worker logs under the Docker runtime. While a container exists its logs come from the
 * Engine (json-file driver, capped per container). When it exits, the driver copies them to
 * dataDir/logs/<agentId>.log (rotated to .log.1 past the cap) before removing the container,
 * so an agent's log survives its containers — most needed right after a crash — and reads
 * across restarts like the process runtime's.
 */
import type Docker from 'dockerode';
import { openLogForWorker } from '../log-rotation.js';
import { readLastLinesAcross } from '../log-tail.js';
import type { RuntimePaths } from '../runtime-paths.js';
import { isNotFound, unlessGone } from './errors.js';
import { logLines } from './log-frames.js';

/** The last `tail` lines of a container's output, or null when the container is gone. */
export async function containerLogLines(container: Docker.Container, tail: number | 'all'): Promise<string[] | null> {
  try {
    const raw = (await container.logs({ stdout: true, stderr: true, follow: false, tail: tail as number })) as Buffer | string;
    return logLines(Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'utf8'));
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

export class LogArchive {
  constructor(
    private readonly paths: RuntimePaths,
    private readonly maxBytes: number,
  ) {}

  /** Appends a finished container's whole output, between a start and an exit line. */
  async append(agentId: string, lines: string[], header: string, footer: string): Promise<void> {
    const file = await openLogForWorker(this.paths.logFile(agentId), this.paths.rotatedLogFile(agentId), this.maxBytes);
    try {
      // Never the environment here: it holds the agent token.
      await file.appendFile(`--- hive: ${header} ---\n${lines.map((l) => `${l}\n`).join('')}--- hive: ${footer} ---\n`);
    } finally {
      await file.close();
    }
  }

  read(agentId: string, tail: number): Promise<string[]> {
    return readLastLinesAcross(this.paths.rotatedLogFile(agentId), this.paths.logFile(agentId), tail);
  }
}

const ARCHIVE_TAIL_LINES = 100_000;

/**
 * Copies a finished container's output to the agent's archived log, then removes the
 * container. `archived` runs between the two, so logs() stops reading the container before
 * it disappears. A container already gone is fine.
 */
export async function archiveAndRemove(
  container: Docker.Container,
  archive: LogArchive,
  what: { agentId: string; agentType: string; image: string; code: number | null },
  archived: () => void = () => undefined,
): Promise<void> {
  const lines = await containerLogLines(container, ARCHIVE_TAIL_LINES);
  if (lines) {
    const info = await unlessGone(container.inspect(), null);
    const exitCode = what.code ?? info?.State.ExitCode ?? null;
    await archive.append(
      what.agentId,
      lines,
      `${what.agentType} worker in container ${container.id.slice(0, 12)} (${what.image}), started ${info?.State.StartedAt ?? 'at an unknown time'}`,
      `worker exited with ${exitCode === null ? 'status unknown' : `code ${exitCode}`} at ${new Date().toISOString()}`,
    );
  }
  archived();
  await unlessGone(container.remove({ force: true, v: false }), undefined);
}
