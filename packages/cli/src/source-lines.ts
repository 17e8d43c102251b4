import { isAscii } from "node:buffer";
import { createReadStream } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import type { SourceExcerpt } from "@parley/validator";

/** Characters kept on each side of the column a code frame needs. */
const WINDOW = 240;
/**
 * A request this many bytes or more ahead of the reading position jumps there (a plain file
 * only) instead of reading every line in between: a large file with a few findings is not read
 * again whole for their code frames. Reading on from the new place costs a 1 MiB read ahead.
 */
const JUMP_BYTES = 4 << 20;
/** How far back from a finding's offset its line's start is looked for before a jump. */
const LINE_START_BYTES = 64 << 10;

/**
 * Reads back, in one forward pass over an input, the excerpts of the lines that code frames
 * need: a window of characters around each finding's column. Findings come in report order
 * (by position), so the requests go forward through the file and nothing read is needed
 * twice: lines nobody asks for are skipped as bytes, and of a wanted line only what is still
 * ahead of the request's window is kept — memory stays bounded by one chunk and the window,
 * whatever the number of findings or the length of the lines (an NDJSON line can be megabytes).
 *
 * Lines are counted as the validator counts them (split at \n, columns in UTF-16 code units, a
 * trailing \r not part of the line). A request behind the reading position (findings out of
 * order) or past the end of the input gets no excerpt rather than a wrong one, and so does
 * every request once the input fails to read (a corrupt gzip tail): a frame is a convenience,
 * the findings themselves are already complete.
 *
 * Given the finding's byte offset, a request far ahead in a plain file jumps to its line (see
 * `JUMP_BYTES`) — only when the bytes from the line's start to the offset are exactly the
 * finding's column. That check trusts the offset: it catches an offset of another record, not
 * one that lands at the same column of another line, and after a jump the frames of the later
 * findings of that input count lines from there. The validator gives every finding a line,
 * column and offset of one byte (its bad-input test checks the input-level ones).
 */
export class LineExcerptReader {
  private file!: Readable;
  private bytes!: Readable;
  private chunks!: AsyncIterator<Buffer>;
  private chunk: Buffer = Buffer.alloc(0);
  private pos = 0;
  /** Offset in the input of `chunk[0]`. */
  private chunkStart = 0;
  /** Opened for the first jump: where a line's start is looked for. */
  private handle: FileHandle | undefined;
  private ended = false;
  private failed = false;
  private readonly decoder = new TextDecoder("utf-8");
  /**
   * Whether the decoder was given bytes since it was last flushed. Flushing one that was not
   * gives nothing and changes nothing; it is skipped, since every line skipped starts a line
   * (a call into the decoder per line of the input, a third of a dense report's frame reading).
   */
  private decoderUsed = false;
  /** 1-based number of the line the reading position is in. */
  private line = 1;
  /** UTF-16 units of the current line decoded so far. */
  private column = 0;
  /** Whether the current line's \n has been read (its end was decoded). */
  private newlineRead = false;
  /** Kept text of the current line, and the 0-based column of its first character. */
  private kept = "";
  private keptFrom = 0;
  /** Length of the current line once its end was read, else -1. */
  private lineLength = -1;

  constructor(
    private readonly path: string,
    private readonly gzip: boolean,
  ) {
    this.readFrom(0);
  }

  /** Reads on from byte `start` of a plain file (0: the start of any input). */
  private readFrom(start: number): void {
    // 1 MiB reads (the stream's default is 64 KiB): the lines between findings are skipped
    // in fewer, larger steps.
    this.file = createReadStream(this.path, { highWaterMark: 1 << 20, start });
    this.bytes = this.gzip ? this.file.pipe(createGunzip()) : this.file;
    this.chunks = this.bytes[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    this.chunk = Buffer.alloc(0);
    this.pos = 0;
    this.chunkStart = start;
    this.ended = false;
  }

  /**
   * The excerpt of `line` around `column` (1-based), or undefined when it cannot be had.
   * `offset`, the finding's byte offset in the input, lets a far request jump ahead.
   */
  async excerpt(line: number, column: number, offset?: number): Promise<SourceExcerpt | undefined> {
    if (this.failed || line < this.line) return undefined;
    try {
      if (
        line > this.line &&
        !(offset !== undefined && (await this.jumpTo(line, column, offset))) &&
        !(await this.skipTo(line))
      )
        return undefined;
      const lo = Math.max(0, column - 1 - WINDOW);
      const hi = column - 1 + WINDOW;
      if (lo < this.keptFrom) return undefined; // already dropped: findings out of order
      // Read until one character past the window, so that we know whether the line goes on.
      while (this.lineLength < 0 && this.column <= hi) {
        if (!(await this.decodeMore(lo))) break;
      }
      this.drop(lo);
      const end = Math.min(hi, this.column);
      const text = this.kept.slice(0, Math.max(0, end - this.keptFrom));
      // When the line's end was not reached, any length past the excerpt's end marks it as cut.
      const lineLength = this.lineLength >= 0 ? this.lineLength : this.column;
      return { text, startColumn: this.keptFrom + 1, lineLength };
    } catch {
      this.failed = true;
      return undefined;
    }
  }

  async close(): Promise<void> {
    this.file.destroy();
    if (this.bytes !== this.file) this.bytes.destroy();
    await this.handle?.close();
    this.handle = undefined;
  }

  /**
   * Moves to the start of `line` by its finding's offset, when the offset is far ahead in a
   * plain file and the bytes from the line's start (the newline before `offset`) decode to
   * exactly `column - 1` UTF-16 units; false (nothing moved) otherwise.
   */
  private async jumpTo(line: number, column: number, offset: number): Promise<boolean> {
    const here = this.chunkStart + this.pos;
    // Line 1 may start with a byte order mark, which the validator's columns do not count.
    if (this.gzip || line <= 1 || offset - here < JUMP_BYTES) return false;
    const from = Math.max(here, offset - LINE_START_BYTES);
    const before = Buffer.alloc(offset - from);
    this.handle ??= await open(this.path, "r");
    const { bytesRead } = await this.handle.read(before, 0, before.length, from);
    if (bytesRead < before.length) return false;
    const newline = before.lastIndexOf(10);
    if (newline < 0) return false;
    const prefix = new TextDecoder("utf-8").decode(before.subarray(newline + 1));
    if (prefix.length !== column - 1) return false;
    this.file.destroy();
    this.readFrom(from + newline + 1);
    this.startLine(line);
    return true;
  }

  /** Forgets kept characters before column index `from` (no later request needs them). */
  private drop(from: number): void {
    if (from <= this.keptFrom) return;
    const cut = Math.min(from - this.keptFrom, this.kept.length);
    this.kept = this.kept.slice(cut);
    this.keptFrom += cut;
  }

  private async fill(): Promise<boolean> {
    while (this.pos >= this.chunk.length) {
      if (this.ended) return false;
      const next = await this.chunks.next();
      if (next.done) {
        this.ended = true;
        return false;
      }
      this.chunkStart += this.chunk.length;
      this.chunk = next.value;
      this.pos = 0;
    }
    return true;
  }

  /** Moves to the start of `line`, skipping bytes; false when the input ends first. */
  private async skipTo(line: number): Promise<boolean> {
    // The current line's newline may already be read (its end was decoded).
    if (this.lineLength >= 0 && this.newlineRead) this.startLine(this.line + 1);
    while (this.line < line) {
      if (!(await this.fill())) return false;
      const newline = this.chunk.indexOf(10, this.pos);
      if (newline === -1) {
        this.pos = this.chunk.length;
        continue;
      }
      this.pos = newline + 1;
      this.startLine(this.line + 1);
    }
    return true;
  }

  private startLine(line: number): void {
    this.line = line;
    this.column = 0;
    this.kept = "";
    this.keptFrom = 0;
    this.lineLength = -1;
    this.newlineRead = false;
    this.flushDecoder(); // drop any partial character of the line before
  }

  /**
   * Decodes the next piece of the current line (up to its end or the chunk's), keeping what
   * lies at or after column index `keepFrom`. False once the line has ended.
   */
  private async decodeMore(keepFrom: number): Promise<boolean> {
    if (!(await this.fill())) {
      this.endLine();
      return false;
    }
    const newline = this.chunk.indexOf(10, this.pos);
    const end = newline === -1 ? this.chunk.length : newline;
    const piece = this.chunk.subarray(this.pos, end);
    // A whole line of ASCII in one piece (most data lines) is its own text, one byte one UTF-16
    // unit: copied as Latin-1, not streamed through the decoder, which holds nothing for it (the
    // line is its first piece) and is left as it was. Tens of thousands of code frames decoded
    // their lines through it. Not when the decoder holds bytes of this line (a broken character
    // at the end of the previous read, no text yet): its U+FFFD comes before the piece's text.
    let text: string;
    if (this.column === 0 && !this.decoderUsed && newline !== -1 && isAscii(piece))
      text = piece.toString("latin1");
    else {
      text = this.decoder.decode(piece, { stream: true });
      this.decoderUsed = true;
    }
    this.pos = newline === -1 ? end : end + 1;
    this.keep(text, keepFrom);
    if (newline === -1) return true;
    this.newlineRead = true;
    this.endLine();
    return false;
  }

  /** The characters the decoder still holds (a partial one: U+FFFD), and a fresh decoder. */
  private flushDecoder(): string {
    if (!this.decoderUsed) return "";
    this.decoderUsed = false;
    return this.decoder.decode();
  }

  private keep(text: string, keepFrom: number): void {
    this.kept += text;
    this.column += text.length;
    this.drop(keepFrom);
  }

  private endLine(): void {
    this.keep(this.flushDecoder(), this.keptFrom);
    let length = this.column;
    // A \r before the \n is not part of the line (the validator counts columns without it).
    if (this.kept.endsWith("\r")) {
      this.kept = this.kept.slice(0, -1);
      length--;
    }
    this.column = length;
    this.lineLength = length;
  }
}
