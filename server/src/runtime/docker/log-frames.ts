/**
 * Docker's multiplexed log stream (a container without a TTY): frames of an 8-byte header
 * (stream 1 = stdout, 2 = stderr; 3 bytes zero; 32-bit big-endian length) and a payload.
 * Turned into text lines, stdout and stderr interleaved in the order Docker recorded them.
 */
const HEADER_BYTES = 8;

function looksFramed(buffer: Buffer): boolean {
  if (buffer.length < HEADER_BYTES) return false;
  const stream = buffer[0]!;
  return stream <= 2 && buffer[1] === 0 && buffer[2] === 0 && buffer[3] === 0;
}

/** The payloads of each stream (1 stdout, 2 stderr), for exec output. Raw output counts as stdout. */
export function demuxStreams(buffer: Buffer): { stdout: Buffer; stderr: Buffer } {
  if (!looksFramed(buffer)) return { stdout: buffer, stderr: Buffer.alloc(0) };
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let offset = 0;
  while (offset + HEADER_BYTES <= buffer.length) {
    const length = buffer.readUInt32BE(offset + 4);
    const end = Math.min(buffer.length, offset + HEADER_BYTES + length);
    (buffer[offset] === 2 ? err : out).push(buffer.subarray(offset + HEADER_BYTES, end));
    offset = end;
  }
  return { stdout: Buffer.concat(out), stderr: Buffer.concat(err) };
}

/** Lines from a log buffer, framed or raw (a TTY container's logs are raw). */
export function logLines(buffer: Buffer): string[] {
  const lines: string[] = [];
  const pending = new Map<number, Buffer[]>();
  const push = (stream: number, payload: Buffer) => {
    let start = 0;
    for (let nl = payload.indexOf(0x0a); nl !== -1; nl = payload.indexOf(0x0a, start)) {
      const parts = pending.get(stream) ?? [];
      parts.push(payload.subarray(start, nl));
      pending.delete(stream);
      lines.push(Buffer.concat(parts).toString('utf8').replace(/\r$/, ''));
      start = nl + 1;
    }
    if (start < payload.length) pending.set(stream, [...(pending.get(stream) ?? []), payload.subarray(start)]);
  };

  if (!looksFramed(buffer)) {
    push(0, buffer);
  } else {
    let offset = 0;
    while (offset + HEADER_BYTES <= buffer.length) {
      const stream = buffer[offset]!;
      const length = buffer.readUInt32BE(offset + 4);
      const end = Math.min(buffer.length, offset + HEADER_BYTES + length);
      push(stream, buffer.subarray(offset + HEADER_BYTES, end));
      offset = end;
    }
  }
  // A last line without a newline (a worker that crashed mid-line) still counts.
  for (const parts of pending.values()) lines.push(Buffer.concat(parts).toString('utf8'));
  return lines;
}
