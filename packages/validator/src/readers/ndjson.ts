/**
 * NDJSON: one record per line, after an optional `{"type":"dataset", …}` header line. Lines
 * are split on the bytes (no decoding of what is skipped), decoded strictly (an invalid UTF-8
 * line is reported and skipped), and handed to the sink; an oversized line is skipped without
 * being buffered. A continuation part (worker threads) starts mid-file: no header, no BOM.
 */
import type { Finding } from "../finding";
import { concat, firstInvalidUtf8 } from "../input";
import type { Position } from "../json/position";
import type { RecordSink } from "./record-sink";

/**
 * Node's `Buffer.prototype.indexOf`, which searches a byte with `memchr`: 5–8× faster than a
 * typed array's own `indexOf` (an element-by-element loop in V8), which was ~4 % of the CPU of
 * `parley validate` on a clean file. It takes any Uint8Array. Absent in a browser.
 */
const bufferIndexOf = (
  globalThis as {
    Buffer?: { prototype: { indexOf(this: Uint8Array, value: number, from: number): number } };
  }
).Buffer?.prototype.indexOf;

/** The index of the next newline in `bytes` from `from`, or -1. */
function newlineAt(bytes: Uint8Array, from: number): number {
  return bufferIndexOf !== undefined
    ? bufferIndexOf.call(bytes, 0x0a, from)
    : bytes.indexOf(0x0a, from);
}

export class NdjsonReader {
  /**
   * The start of the line being read (for positioning input-level failures: a gzip error), as
   * numbers: a position object per line was garbage for every record.
   */
  private readingLine = 1;
  private readingOffset = 0;
  /** Lines read so far (newline-terminated), for merging parts. */
  linesRead = 0;

  constructor(private readonly sink: RecordSink) {}

  /** The start of the line being read: line, column 1 and its byte offset, one position. */
  readingAt(): Position {
    return { line: this.readingLine, column: 1, offset: this.readingOffset };
  }

  /** Yields the findings of each chunk as it is read. */
  async *read(
    chunks: AsyncGenerator<Uint8Array>,
    baseOffset: number,
    continuation = false,
  ): AsyncGenerator<Finding[]> {
    const decoder = new TextDecoder("utf-8", { fatal: true });
    const max = this.sink.limits.maxRecordBytes;
    let carry: Uint8Array[] = [];
    let carryBytes = 0;
    let oversized = false;
    let line = 1;
    let lineStart = baseOffset;
    let consumed = baseOffset;
    let first = !continuation;
    this.readingLine = line;
    this.readingOffset = lineStart;

    const handleLine = (bytes: Uint8Array, lineNo: number, offset: number): void => {
      let end = bytes.length;
      if (end > 0 && bytes[end - 1] === 0x0d) end--;
      if (end === 0) return;
      const view = end === bytes.length ? bytes : bytes.subarray(0, end);
      if (!first && this.sink.recordBytes?.(view, { line: lineNo, column: 1, offset })) return;
      let text: string;
      try {
        text = decoder.decode(view);
      } catch {
        const bad = firstInvalidUtf8(view);
        const at = Math.max(bad, 0);
        const column = 1 + new TextDecoder().decode(view.subarray(0, at)).length;
        this.sink.records++;
        this.sink.markInvalid(this.sink.records - 1);
        this.sink.report(
          "input-encoding",
          { line: lineNo, column, offset: offset + at },
          "",
          this.sink.records - 1,
          `Invalid UTF-8 byte 0x${(view[at] ?? 0).toString(16).padStart(2, "0")} at column ${column}; the line is skipped`,
        );
        return;
      }
      const start = { line: lineNo, column: 1, offset };
      if (first) {
        if (isBlankText(text)) return;
        first = false;
        if (this.sink.header(text, start)) return;
        if (this.sink.mod === undefined && this.sink.declaredVersion === null) {
          const ownVersion = peekVersion(text);
          if (ownVersion !== undefined) this.sink.setDeclaredVersion(ownVersion, start, "");
          else
            this.sink.assumeVersion(
              start,
              "",
              "The NDJSON dataset has no header line and its first record",
            );
        }
      }
      this.sink.record(text, start, 0, text.length === view.length);
    };

    for await (const read of chunks) {
      // Node's streams yield Buffers; a line joined across chunks is a plain Uint8Array. The
      // byte-level scanner then sees one kind of array, not two (V8 compiles its byte reads
      // for the kinds it has seen: two make every read slower).
      const chunk =
        read.constructor === Uint8Array
          ? read
          : new Uint8Array(read.buffer, read.byteOffset, read.byteLength);
      let pos = 0;
      const n = chunk.length;
      while (pos < n) {
        const nl = newlineAt(chunk, pos);
        if (nl < 0) {
          if (!oversized) {
            carry.push(chunk.slice(pos));
            carryBytes += n - pos;
            if (carryBytes > max) {
              oversized = true;
              carry = [];
              this.sizeLimit(line, lineStart);
            }
          }
          break;
        }
        if (oversized) {
          oversized = false;
        } else if (carry.length) {
          const tailBytes = nl - pos;
          if (carryBytes + tailBytes > max) this.sizeLimit(line, lineStart);
          else {
            carry.push(chunk.subarray(pos, nl));
            handleLine(
              carry.reduce((a, b) => concat(a, b), new Uint8Array(0)),
              line,
              lineStart,
            );
          }
        } else if (nl - pos > max) {
          this.sizeLimit(line, lineStart);
        } else {
          handleLine(chunk.subarray(pos, nl), line, lineStart);
        }
        carry = [];
        carryBytes = 0;
        line++;
        lineStart = consumed + nl + 1;
        this.readingLine = line;
        this.readingOffset = lineStart;
        pos = nl + 1;
      }
      consumed += n;
      this.sink.bytes = continuation ? consumed - baseOffset : consumed;
      this.linesRead = line - 1;
      yield this.sink.drain();
    }
    if (!oversized && carry.length) {
      handleLine(
        carry.reduce((a, b) => concat(a, b), new Uint8Array(0)),
        line,
        lineStart,
      );
    }
    if (
      !continuation &&
      first &&
      this.sink.declaredVersion === null &&
      this.sink.mod === undefined
    ) {
      // Only blank lines: nothing to check, but say so.
      this.sink.report(
        "input-empty",
        { line: 1, column: 1, offset: 0 },
        "",
        null,
        "The input holds no records",
      );
    }
    yield this.sink.drain();
  }

  private sizeLimit(line: number, offset: number): void {
    const index = this.sink.records++;
    this.sink.report(
      "json-size-limit",
      { line, column: 1, offset },
      "",
      index,
      `The record is larger than ${this.sink.limits.maxRecordBytes} bytes (limits.maxRecordBytes); it is skipped without being read into memory`,
    );
  }
}

function isBlankText(text: string): boolean {
  return text.trim().length === 0;
}

function peekVersion(text: string): string | undefined {
  try {
    const v = JSON.parse(text) as { schemaVersion?: unknown };
    return v !== null && typeof v === "object" && typeof v.schemaVersion === "string"
      ? v.schemaVersion
      : undefined;
  } catch {
    return undefined;
  }
}
