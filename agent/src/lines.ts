import { StringDecoder } from 'node:string_decoder';

/** A line longer than this is cut into pieces, so a trainer that never prints '\n' cannot exhaust memory. */
export const MAX_LINE_CHARS = 1024 * 1024;

/** Splits a byte stream into text lines; chunk boundaries may fall anywhere, even inside a UTF-8 character. */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';

  constructor(private readonly maxChars = MAX_LINE_CHARS) {}

  push(chunk: Buffer): string[] {
    const text = this.pending + this.decoder.write(chunk);
    const lines: string[] = [];
    let start = 0;
    let newline: number;
    while ((newline = text.indexOf('\n', start)) !== -1) {
      lines.push(visible(text.slice(start, newline)));
      start = newline + 1;
    }
    this.pending = text.slice(start);
    while (this.pending.length >= this.maxChars) {
      lines.push(visible(this.pending.slice(0, this.maxChars)));
      this.pending = this.pending.slice(this.maxChars);
    }
    return lines;
  }

  /** The unterminated last line, once the stream has ended. */
  end(): string[] {
    this.pending += this.decoder.end();
    const rest = this.pending;
    this.pending = '';
    return rest === '' ? [] : [visible(rest)];
  }
}

// Progress bars redraw a line with '\r'; keep what a terminal would finally show.
function visible(line: string): string {
  const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
  const cr = trimmed.lastIndexOf('\r');
  return cr === -1 ? trimmed : trimmed.slice(cr + 1);
}
