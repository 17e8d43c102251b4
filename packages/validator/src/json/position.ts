/** Where a piece of text starts in the input: 1-based line and column (UTF-16 units), 0-based byte offset. */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

/**
 * Maps indexes inside one record's text to input positions. Records are small and findings
 * few, so it scans from the record start (or from the last mapped index, when indexes come in
 * order) counting newlines and UTF-8 bytes.
 */
export class TextPositions {
  private lastIndex = 0;
  private last: Position;

  constructor(
    private readonly text: string,
    private readonly base: Position,
  ) {
    this.last = { ...base };
  }

  at(index: number): Position {
    const target = Math.max(0, Math.min(index, this.text.length));
    if (target < this.lastIndex) {
      this.lastIndex = 0;
      this.last = { ...this.base };
    }
    let { line, column, offset } = this.last;
    const text = this.text;
    for (let i = this.lastIndex; i < target; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0a) {
        line++;
        column = 1;
        offset++;
        continue;
      }
      column++;
      if (c < 0x80) offset += 1;
      else if (c < 0x800) offset += 2;
      else if (c >= 0xd800 && c <= 0xdbff)
        offset += 2; // high surrogate: half of a 4-byte sequence
      else if (c >= 0xdc00 && c <= 0xdfff)
        offset += 2; // low surrogate: the other half
      else offset += 3;
    }
    this.lastIndex = target;
    this.last = { line, column, offset };
    return { line, column, offset };
  }
}

/** UTF-8 length of a string, without allocating. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdfff) bytes += 2;
    else bytes += 3;
  }
  return bytes;
}
