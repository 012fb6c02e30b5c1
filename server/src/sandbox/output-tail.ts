/**
 * The output of a check command, capped: a test suite gone wrong can print gigabytes, and what
 * a reviewer needs is the end (the failing test, the summary). Keeps the last `capBytes` bytes
 * and counts everything, so the result can say how much was dropped.
 */
export const DEFAULT_OUTPUT_CAP_BYTES = 256 * 1024;

export class OutputTail {
  private chunks: Buffer[] = [];
  private kept = 0;
  private total = 0;

  constructor(private readonly capBytes = DEFAULT_OUTPUT_CAP_BYTES) {}

  push(chunk: Buffer): void {
    this.total += chunk.length;
    this.chunks.push(chunk);
    this.kept += chunk.length;
    // Drop whole chunks from the front while what remains still covers the cap.
    while (this.chunks.length > 1 && this.kept - this.chunks[0]!.length >= this.capBytes) this.kept -= this.chunks.shift()!.length;
  }

  get totalBytes(): number {
    return this.total;
  }

  get truncated(): boolean {
    return this.total > this.capBytes;
  }

  /** The kept tail as text, starting at a line boundary, with a first line saying what was dropped. */
  text(): string {
    let tail = Buffer.concat(this.chunks);
    if (tail.length <= this.capBytes && !this.truncated) return tail.toString('utf8');
    tail = tail.subarray(tail.length - this.capBytes);
    // Start on a whole line (and so on a whole UTF-8 character) unless the last line is huge.
    const newline = tail.indexOf(0x0a);
    if (newline !== -1 && newline < 4096) tail = tail.subarray(newline + 1);
    const dropped = this.total - tail.length;
    return `[hive sandbox: output truncated: the first ${dropped} of ${this.total} bytes were dropped; the last ${tail.length} follow]\n${tail.toString('utf8')}`;
  }
}
