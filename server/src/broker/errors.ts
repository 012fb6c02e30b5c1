/**
 * Errors both adapters raise in the same words, so callers (and the conformance suite) can
 * match them without knowing which adapter they run on. The Redis adapter passes Redis's own
 * reply errors through; the in-process adapter imitates the ones a caller may meet.
 */

/** Raised by any operation on a broker after close(). */
export class BrokerClosedError extends Error {
  constructor() {
    super('the broker is closed');
    this.name = 'BrokerClosedError';
  }
}

/** Redis answers XREADGROUP/XAUTOCLAIM on a missing stream or group with this NOGROUP error. */
export function noGroupError(stream: string, group: string): Error {
  return new Error(`NOGROUP No such key '${stream}' or consumer group '${group}'`);
}

/** Redis refuses XADD without a field. */
export function emptyEntryError(): Error {
  return new Error("ERR wrong number of arguments for 'xadd' command");
}

/** Redis refuses a string command on a sorted set (and the reverse) with WRONGTYPE. */
export function wrongTypeError(): Error {
  return new Error('WRONGTYPE Operation against a key holding the wrong kind of value');
}

/** Where an adapter sends failures that have no caller to reject: a throwing handler, a dropped connection. */
export type BrokerErrorReporter = (error: unknown, context: string) => void;

export const reportToConsole: BrokerErrorReporter = (error, context) => {
  console.error(`[broker] ${context}:`, error);
};
