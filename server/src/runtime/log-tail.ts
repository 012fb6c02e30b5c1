/**
 * Reads the last lines of a worker's log from the end of the file, a chunk at a time, so asking
 * for 200 lines of a multi-megabyte log reads kilobytes, not the whole file.
 */
import { open } from 'node:fs/promises';
import { AppError } from '../errors.js';

const CHUNK_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

function countNewlines(buffer: Buffer): number {
  let count = 0;
  for (let i = buffer.indexOf(NEWLINE); i !== -1; i = buffer.indexOf(NEWLINE, i + 1)) count++;
  return count;
}

/** The last `count` lines of one file; [] when it does not exist. */
export async function readLastLines(path: string, count: number): Promise<string[]> {
  if (count <= 0) return [];
  const file = await open(path, 'r').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (!file) return [];
  try {
    let position = (await file.stat()).size;
    const chunks: Buffer[] = [];
    let newlines = 0;
    // count + 1 newlines guarantee `count` whole lines, whether or not the file ends with one.
    while (position > 0 && newlines <= count) {
      const length = Math.min(CHUNK_BYTES, position);
      position -= length;
      const chunk = Buffer.alloc(length);
      const { bytesRead } = await file.read(chunk, 0, length, position);
      chunks.unshift(chunk.subarray(0, bytesRead));
      newlines += countNewlines(chunk.subarray(0, bytesRead));
    }
    // Splitting on '\n' is safe before decoding: that byte never occurs inside a UTF-8 character.
    const lines = Buffer.concat(chunks).toString('utf8').split('\n');
    if (lines.at(-1) === '') lines.pop();
    // When reading stopped before the start of the file, the first line is only its tail.
    if (position > 0) lines.shift();
    return lines.slice(-count).map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  } finally {
    await file.close();
  }
}

/** The last `count` lines across a rotated log and its successor, oldest first. */
export async function readLastLinesAcross(olderPath: string, newerPath: string, count: number): Promise<string[]> {
  const newer = await readLastLines(newerPath, count);
  if (newer.length >= count) return newer;
  const older = await readLastLines(olderPath, count - newer.length);
  return [...older, ...newer];
}

/** The `tail` argument of RuntimeDriver.logs: a whole number of lines, 0 or more. */
export function assertTailLines(tail: number): void {
  if (!Number.isInteger(tail) || tail < 0) throw AppError.field('tail', 'must be a whole number of lines, 0 or more');
}
