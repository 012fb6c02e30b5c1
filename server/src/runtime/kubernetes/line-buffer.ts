/** The last `capacity` lines of a stream, oldest dropped first. */
export class LineBuffer {
  private readonly lines: string[] = [];

  constructor(private readonly capacity: number) {}

  push(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.capacity) this.lines.splice(0, this.lines.length - this.capacity);
  }

  tail(count: number): string[] {
    return count <= 0 ? [] : this.lines.slice(-count);
  }

  get size(): number {
    return this.lines.length;
  }
}
