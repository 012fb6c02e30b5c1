/**
 * Just enough of the Postgres wire protocol (v3) to front a single PGlite backend: frame the
 * client's messages, recognise the untyped first messages (startup, SSLRequest, GSSENCRequest,
 * CancelRequest), and find ReadyForQuery in the backend's replies.
 * https://www.postgresql.org/docs/current/protocol-message-formats.html
 */

export const PROTOCOL_V3 = 196608;
export const SSL_REQUEST = 80877103;
export const GSSENC_REQUEST = 80877104;
export const CANCEL_REQUEST = 80877102;

/** Transaction status carried by ReadyForQuery: idle, in a transaction, in a failed transaction. */
export type TxStatus = 'I' | 'T' | 'E';

export type FrontendMessage =
  | { kind: 'startup'; bytes: Uint8Array }
  | { kind: 'ssl' }
  | { kind: 'gssenc' }
  | { kind: 'cancel' }
  | { kind: 'typed'; type: string; bytes: Uint8Array };

/**
 * Splits a client's byte stream into whole messages. Before the startup message has been seen
 * messages carry no type byte (length first); afterwards every message is type + length.
 */
export class FrontendFramer {
  private buffer: Buffer = Buffer.alloc(0);
  private started = false;

  push(chunk: Buffer): FrontendMessage[] {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const out: FrontendMessage[] = [];
    for (;;) {
      if (!this.started) {
        if (this.buffer.length < 8) break;
        const length = this.buffer.readInt32BE(0);
        if (length < 8 || length > 10_000) throw new Error(`bad startup length ${length}`);
        if (this.buffer.length < length) break;
        const code = this.buffer.readInt32BE(4);
        const bytes = this.take(length);
        if (code === SSL_REQUEST) out.push({ kind: 'ssl' });
        else if (code === GSSENC_REQUEST) out.push({ kind: 'gssenc' });
        else if (code === CANCEL_REQUEST) out.push({ kind: 'cancel' });
        else if (code === PROTOCOL_V3) {
          this.started = true;
          out.push({ kind: 'startup', bytes });
        } else throw new Error(`unsupported protocol ${code}`);
        continue;
      }
      if (this.buffer.length < 5) break;
      const length = this.buffer.readInt32BE(1);
      if (length < 4) throw new Error(`bad message length ${length}`);
      if (this.buffer.length < 1 + length) break;
      const type = String.fromCharCode(this.buffer[0]!);
      out.push({ kind: 'typed', type, bytes: this.take(1 + length) });
    }
    return out;
  }

  private take(n: number): Uint8Array {
    // Copy: PGlite keeps no reference, but the socket reuses its buffers.
    const bytes = new Uint8Array(this.buffer.subarray(0, n));
    this.buffer = this.buffer.subarray(n);
    return bytes;
  }
}

/** The status of the last ReadyForQuery in a run of backend messages, or null if there is none. */
export function lastReadyStatus(reply: Uint8Array): TxStatus | null {
  let status: TxStatus | null = null;
  let at = 0;
  while (at + 5 <= reply.length) {
    const type = reply[at]!;
    const length = ((reply[at + 1]! << 24) | (reply[at + 2]! << 16) | (reply[at + 3]! << 8) | reply[at + 4]!) >>> 0;
    if (type === 0x5a /* Z */ && length === 5 && at + 6 <= reply.length) status = String.fromCharCode(reply[at + 5]!) as TxStatus;
    at += 1 + length;
  }
  return status;
}

/** A Sync message: ends an extended-protocol run (and makes the backend answer ReadyForQuery). */
export const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);

/** A simple Query message. */
export function simpleQuery(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`, 'utf8');
  const msg = Buffer.alloc(5 + text.length);
  msg[0] = 0x51; // Q
  msg.writeInt32BE(4 + text.length, 1);
  text.copy(msg, 5);
  return new Uint8Array(msg);
}

/** An ErrorResponse the front sends itself (e.g. when the backend could not run a message). */
export function errorResponse(code: string, message: string): Uint8Array {
  const fields = Buffer.from(`SERROR\0VERROR\0C${code}\0M${message}\0\0`, 'utf8');
  const msg = Buffer.alloc(5 + fields.length);
  msg[0] = 0x45; // E
  msg.writeInt32BE(4 + fields.length, 1);
  fields.copy(msg, 5);
  return new Uint8Array(msg);
}
