/** The last lines of a trial's output, kept for the finished message so a failure explains itself. */
export class LogTail {
  private readonly lines: string[] = [];

  constructor(
    private readonly maxLines = 50,
    // 50 lines of this many characters stay far below the protocol's message size limit.
    private readonly maxLineChars = 2000,
  ) {}

  push(line: string): void {
    this.lines.push(line.length > this.maxLineChars ? `${line.slice(0, this.maxLineChars)}…` : line);
    if (this.lines.length > this.maxLines) this.lines.shift();
  }

  snapshot(): string[] {
    return [...this.lines];
  }
}
