/**
 * Caps on what a tool hands back to the model. Every character of a tool result is paid
 * for in input tokens on every later turn, and a runaway `cat` of a log file can fill the
 * context window, so results are cut, and the cut is always said out loud.
 */
export const MAX_OUTPUT_CHARS = 60_000;

/** Keep the beginning (files, listings, diffs: the start is what orients the reader). */
export function keepHead(text: string, max = MAX_OUTPUT_CHARS, hint = ''): string {
  if (text.length <= max) return text;
  const note = `\n[truncated: ${text.length - max} more characters not shown${hint ? `; ${hint}` : ''}]`;
  return text.slice(0, max) + note;
}

/** Keep the end (command output: the error and the exit are at the bottom). */
export function keepTail(text: string, max = MAX_OUTPUT_CHARS): string {
  if (text.length <= max) return text;
  return `[truncated: ${text.length - max} earlier characters not shown]\n${text.slice(-max)}`;
}

/**
 * Accumulates a stream's text but holds only about the last `max` characters, so a
 * command that prints gigabytes cannot exhaust the worker's memory.
 */
export class TailBuffer {
  #text = '';
  #dropped = 0;
  constructor(private readonly max = MAX_OUTPUT_CHARS) {}

  push(chunk: string): void {
    this.#text += chunk;
    if (this.#text.length > this.max * 2) {
      const cut = this.#text.length - this.max;
      this.#dropped += cut;
      this.#text = this.#text.slice(cut);
    }
  }

  toString(): string {
    const dropped = this.#dropped + Math.max(0, this.#text.length - this.max);
    const kept = this.#text.slice(-this.max);
    return dropped > 0 ? `[truncated: ${dropped} earlier characters not shown]\n${kept}` : kept;
  }
}
