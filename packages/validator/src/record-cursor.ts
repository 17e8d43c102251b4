/**
 * The record being checked, as rules see it: its place in the input, and positions of pointers
 * inside it, computed (and the record re-parsed precisely) only when something asks.
 */
import { closingQuote, findPointer } from "./json/pointer-walk";
import type { Position } from "./json/position";
import { TextPositions } from "./json/position";
import { type PreciseParse, parsePrecise } from "./json/tokenizer";
import type { Limits } from "./options";
import { topLevelString } from "./scan-runtime";
import { scanStringQuote, scanStrings } from "./scan-strings";

const utf8 = new TextDecoder();

/** Every scan of raw JSON text that must not look inside strings steps over them with this. */
export { closingQuote };

/** A record being processed: its place, and a way to position a pointer inside it. */
export interface RecordHandle {
  index: number;
  start: Position;
  id?: string;
  /** Exact position of the value (or key) at `pointer`; the record start when unknown. */
  locate(pointer: string, atKey?: boolean): Position;
  /**
   * Position of the string `value` at `pointer`: found by searching the record's text when the
   * string occurs there once (cheap, for the many pending references), else as `locate`.
   */
  locateString(pointer: string | (() => string), value: string): Position;
  /**
   * A top-level string member of the record that the fast path's projection leaves out
   * (reads.ts), read from the record's bytes; undefined for a record given whole (its own
   * member is there) or when the member is not a string.
   */
  memberOf?(name: string): string | undefined;
}

/** The handle dataset rules get, plus access to the precise parse for the engine itself. */
export interface RecordHandleWithPrecise extends RecordHandle {
  precise(): PreciseParse;
  positions(): TextPositions;
}

/**
 * The record being checked, reused from record to record (no allocation on the fast path):
 * positions are computed, and the record re-parsed precisely, only when something asks.
 */
export class RecordCursor implements RecordHandleWithPrecise {
  index = 0;
  start: Position = { line: 1, column: 1, offset: 0 };
  id: string | undefined;
  private decoded = "";
  /** The record's bytes while its text is not decoded yet (records of the byte-level fast path). */
  private bytes: Uint8Array | undefined;
  private singleLineAscii = false;
  private parsed: PreciseParse | undefined;
  /** The scan whose strings are this record's (see scan-strings.ts); -1 for a parsed record. */
  private scanSerial = -1;
  /** The bytes of a record the scanner accepted (kept after its text is decoded). */
  private lineBytes: Uint8Array | undefined;
  private positionMap: TextPositions | undefined;

  /**
   * `walk`: the texts it is reset to are records JSON.parse accepted, and values (and keys) are
   * found by walking down the pointer (json/pointer-walk.ts) rather than by the precise parse:
   * the same positions (tested), at a fifth of the cost. The precise parse is still used once a
   * caller has asked for it (`precise()`: the engine does for a record that may have key
   * issues, json/key-issues.ts).
   */
  constructor(
    private readonly limits: Limits,
    private readonly walk = false,
  ) {}

  reset(
    text: string,
    start: Position,
    index: number,
    id: string | undefined,
    singleLineAscii: boolean,
  ): void {
    this.decoded = text;
    this.bytes = undefined;
    this.start = start;
    this.index = index;
    this.id = id;
    this.singleLineAscii = singleLineAscii;
    this.parsed = undefined;
    this.positionMap = undefined;
    this.scanSerial = -1;
    this.lineBytes = undefined;
  }

  /**
   * The record given as bytes (a record the byte-level fast path accepted): its text is decoded
   * only if a rule asks for a position inside it.
   */
  resetBytes(
    bytes: Uint8Array,
    start: Position,
    index: number,
    id: string | undefined,
    singleLineAscii: boolean,
  ): void {
    this.reset("", start, index, id, singleLineAscii);
    this.bytes = bytes;
    this.lineBytes = bytes;
    this.scanSerial = scanStrings.serial;
  }

  memberOf(name: string): string | undefined {
    return this.lineBytes !== undefined ? topLevelString(this.lineBytes, name) : undefined;
  }

  private get text(): string {
    if (this.bytes !== undefined) {
      this.decoded = utf8.decode(this.bytes);
      this.bytes = undefined;
    }
    return this.decoded;
  }

  precise(): PreciseParse {
    // The record was parsed by JSON.parse already: positions and key issues are all we need.
    this.parsed ??= parsePrecise(this.text, this.limits.maxDepth, false);
    return this.parsed;
  }

  positions(): TextPositions {
    this.positionMap ??= new TextPositions(this.text, this.start);
    return this.positionMap;
  }

  locate(pointer: string, atKey?: boolean): Position {
    // Cheap first: a key that occurs once in the record's text is found by search. Only
    // ambiguous keys (and array items) need the precise parse.
    const slash = pointer.lastIndexOf("/");
    const last = pointer.slice(slash + 1);
    if (slash >= 0 && last !== "" && !/^\d+$/.test(last) && this.parsed === undefined) {
      const needle = JSON.stringify(last.replace(/~1/g, "/").replace(/~0/g, "~"));
      const k = this.text.indexOf(`${needle}:`);
      if (k >= 0 && this.text.indexOf(needle, k + 1) < 0) {
        if (atKey) return this.at(k);
        let v = k + needle.length + 1;
        while (v < this.text.length && " \t\r\n".includes(this.text[v] as string)) v++;
        return this.at(v);
      }
    }
    if (this.walk && this.parsed === undefined) {
      const i = findPointer(this.text, pointer, atKey);
      return i < 0 ? this.start : this.at(i);
    }
    const p = this.precise();
    const i = (atKey ? p.keyAt.get(pointer) : undefined) ?? p.valueAt.get(pointer);
    return i === undefined ? this.start : this.at(i);
  }

  locateString(pointer: string | (() => string), value: string): Position {
    if (this.scanSerial >= 0) {
      // A string the scanner made once for this record: it noted where (no search at all).
      // Any way of finding the value at `pointer` gives the same position; this one is exact
      // when the string was made once, and every reference site's string is made.
      const quote = scanStringQuote(value, this.scanSerial);
      if (quote >= 0) return this.atByte(quote);
    }
    const needle = JSON.stringify(value);
    if (this.bytes !== undefined && this.singleLineAscii) {
      // One ASCII line: a character's index is its byte's, so the needle is found in the bytes
      // without decoding the record (every forward reference asks this of its record; browsers'
      // TextDecoder costs ~4x Node's per call). A needle with other characters is in no ASCII
      // text. Not found once: the same fallback as below.
      const i = indexOfAscii(this.bytes, needle, 0);
      if (i >= 0 && indexOfAscii(this.bytes, needle, i + 1) < 0) return this.at(i);
      return this.locate(typeof pointer === "function" ? pointer() : pointer);
    }
    const i = this.text.indexOf(needle);
    if (i >= 0 && this.text.indexOf(needle, i + 1) < 0) return this.at(i);
    return this.locate(typeof pointer === "function" ? pointer() : pointer);
  }

  /**
   * Position of the byte at `q` of a record the scanner accepted: one NDJSON line of valid
   * UTF-8, so the column counts the UTF-16 units of the bytes before it (no decode).
   */
  private atByte(q: number): Position {
    if (this.singleLineAscii) return this.at(q);
    const b = this.lineBytes as Uint8Array;
    let units = 0;
    for (let k = 0; k < q; k++) {
      const c = b[k] as number;
      if (c < 0x80 || (c >= 0xc0 && c < 0xf0)) units++;
      else if (c >= 0xf0) units += 2;
    }
    return {
      line: this.start.line,
      column: this.start.column + units,
      offset: this.start.offset + q,
    };
  }

  /** Position of the character at `i` of the record's text. */
  at(i: number): Position {
    if (this.singleLineAscii) {
      return {
        line: this.start.line,
        column: this.start.column + i,
        offset: this.start.offset + i,
      };
    }
    return this.positions().at(i);
  }
}

/** `bytes.indexOf(text, from)` for bytes that are ASCII text: -1 when absent. */
export function indexOfAscii(bytes: Uint8Array, text: string, from: number): number {
  const first = text.charCodeAt(0);
  const n = text.length;
  for (
    let i = bytes.indexOf(first, from);
    i >= 0 && i + n <= bytes.length;
    i = bytes.indexOf(first, i + 1)
  ) {
    let k = 1;
    while (k < n && bytes[i + k] === text.charCodeAt(k)) k++;
    if (k === n) return i;
  }
  return -1;
}

/** Spaces, tabs and line breaks outside strings: characters no parsed value accounts for. */
export function whitespaceOutsideStrings(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) i = closingQuote(text, i);
    else if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) count++;
  }
  return count;
}
