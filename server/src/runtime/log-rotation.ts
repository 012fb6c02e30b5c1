/**
 * Keeps a worker's log near a size cap. Workers write straight to the file (the hub holds no
 * pipe, so workers outlive it), which rules out rotating by renaming while they run: their
 * descriptor would keep growing the renamed file. Instead, while a worker runs, the log is
 * copied aside and truncated in place ("copytruncate"); the worker's descriptor was opened
 * with O_APPEND, so its next write lands at the new end. Lines written between the copy and
 * the truncate are lost; a rare, small loss accepted for a bounded disk.
 */
import { copyFile, open, rename, stat, truncate, type FileHandle } from 'node:fs/promises';

export const DEFAULT_MAX_LOG_BYTES = 5 * 1024 * 1024;

async function sizeOf(path: string): Promise<number> {
  return (await stat(path).catch(() => null))?.size ?? 0;
}

/**
 * Opens the log for a new worker, rotating it first when it is over the cap. Nobody else
 * writes to it at this point, so a rename is enough.
 */
export async function openLogForWorker(path: string, rotatedPath: string, maxBytes: number): Promise<FileHandle> {
  if ((await sizeOf(path)) > maxBytes) await rename(path, rotatedPath);
  return open(path, 'a', 0o600);
}

/** Rotates a log a running worker is writing to, when it has grown past the cap. */
export async function capRunningLog(path: string, rotatedPath: string, maxBytes: number): Promise<boolean> {
  if ((await sizeOf(path)) <= maxBytes) return false;
  await copyFile(path, rotatedPath);
  await truncate(path, 0);
  return true;
}
