/**
 * How `migrate` and `export` read a dataset's text, so that they accept and refuse exactly what
 * `validate` does: gzip is recognised by its magic bytes (not by the file name) and inflated; a
 * leading UTF-8 byte order mark is skipped and said once on stderr (validate reports it as the
 * `input-bom` warning); text that is not UTF-8 is refused naming its line (validate's
 * `input-encoding` error). Files are opened by the same `openFile` as `validate`, so a missing
 * file, a directory or no permission reads the same everywhere.
 */
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { closingQuote, DEFAULT_LIMITS, splitLines } from "@parley/validator";
import { guardReads, InputReadError, type InputSpec, openFile, STDIN_NAME } from "./inputs";

const GZIP = [0x1f, 0x8b] as const;
const BOM = [0xef, 0xbb, 0xbf] as const;
const NEWLINE = 0x0a;

export interface TextInputOptions {
  /** Called once when the input starts with a UTF-8 byte order mark. */
  onBom?: (message: string) => void;
}

/** The message for a skipped byte order mark, the same for every command. */
export function bomNote(name: string): string {
  return `${name}: starts with a UTF-8 byte order mark (EF BB BF); it was skipped`;
}

/** The input's raw bytes: standard input or a file opened as `validate` opens it. */
async function rawBytes(
  spec: InputSpec,
  stdin: Readable,
): Promise<{ chunks: AsyncIterable<Uint8Array>; close: () => Promise<void> }> {
  if (spec.path === undefined)
    return { chunks: guardReads(stdin, STDIN_NAME), close: async () => {} };
  return openFile({ ...spec, path: spec.path });
}

/** Holds back the first bytes until `size` are known (or the input ends). */
async function head(
  source: AsyncIterator<Uint8Array>,
  size: number,
): Promise<{ bytes: Buffer; done: boolean }> {
  let bytes = Buffer.alloc(0);
  while (bytes.length < size) {
    const next = await source.next();
    if (next.done) return { bytes, done: true };
    bytes = Buffer.concat([bytes, next.value]);
  }
  return { bytes, done: false };
}

async function* rest(first: Buffer, source: AsyncIterator<Uint8Array>, done: boolean) {
  if (first.length > 0) yield first;
  if (done) return;
  for (;;) {
    const next = await source.next();
    if (next.done) return;
    yield next.value;
  }
}

/** Inflates gzip, reporting damage as an unreadable input (validate: `input-gzip-corrupt`). */
async function* gunzip(chunks: AsyncIterable<Uint8Array>, name: string): AsyncGenerator<Buffer> {
  const inflater = createGunzip();
  const feed = (async () => {
    try {
      for await (const chunk of chunks) {
        if (!inflater.write(chunk)) await new Promise((done) => inflater.once("drain", done));
      }
      inflater.end();
    } catch (error) {
      inflater.destroy(error as Error);
    }
  })();
  try {
    for await (const chunk of inflater) yield chunk as Buffer;
  } catch (error) {
    if (error instanceof InputReadError) throw error;
    throw new InputReadError(`cannot read '${name}': the gzip data is corrupt or truncated`);
  } finally {
    inflater.destroy();
    await feed;
  }
}

/**
 * The input's text, line by line (without the line break; a CR before it is dropped, as
 * JSON allows CRLF between values). Each line is decoded strictly: the first line that is not
 * UTF-8 stops the reading with an InputReadError naming it.
 */
export async function* textLines(
  spec: InputSpec,
  stdin: Readable,
  options: TextInputOptions = {},
): AsyncGenerator<string> {
  const { chunks, close } = await rawBytes(spec, stdin);
  try {
    const source = chunks[Symbol.asyncIterator]();
    const start = await head(source, GZIP.length);
    let bytes: AsyncIterable<Uint8Array> = rest(start.bytes, source, start.done);
    if (start.bytes[0] === GZIP[0] && start.bytes[1] === GZIP[1]) bytes = gunzip(bytes, spec.name);

    const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
    let lineNumber = 0;
    const decode = (line: Uint8Array): string => {
      lineNumber += 1;
      const end = line.length > 0 && line[line.length - 1] === 0x0d ? line.length - 1 : line.length;
      try {
        return decoder.decode(line.subarray(0, end));
      } catch {
        throw new InputReadError(
          `cannot read '${spec.name}': line ${lineNumber} is not UTF-8 text (convert the file to UTF-8)`,
        );
      }
    };

    const decoded = bytes[Symbol.asyncIterator]();
    const first = await head(decoded, BOM.length);
    let opening = first.bytes;
    if (opening[0] === BOM[0] && opening[1] === BOM[1] && opening[2] === BOM[2]) {
      options.onBom?.(bomNote(spec.name));
      opening = opening.subarray(BOM.length);
    }
    for await (const line of splitLines(rest(opening, decoded, first.done))) yield decode(line);
  } finally {
    await close();
  }
}

/** The whole text (a JSON document is one value: it cannot be cut before parsing). */
export async function readText(
  spec: InputSpec,
  stdin: Readable,
  options: TextInputOptions = {},
): Promise<string> {
  const lines: string[] = [];
  for await (const line of textLines(spec, stdin, options)) lines.push(line);
  return lines.join("\n");
}

/**
 * The deepest nesting of arrays and objects in JSON text (strings skipped), with the line
 * where it is first reached. Checked before parsing, because what cannot be nested that deep
 * would otherwise overflow the stack of whatever walks it next (JSON.stringify, the tables).
 */
export function deepestNesting(text: string, limit: number): { line: number } | undefined {
  let depth = 0;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) i = closingQuote(text, i);
    else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      if (depth > limit) return { line };
    } else if (c === 0x7d || c === 0x5d) depth -= 1;
    else if (c === NEWLINE) line += 1;
  }
  return undefined;
}

/**
 * The nesting a dataset may have: the standard's limit inside a record (validate's
 * `json-depth-limit`) plus the document and its `records` array around it.
 */
export const MAX_DATASET_NESTING = DEFAULT_LIMITS.maxDepth + 2;

/** Said when a dataset nests deeper than MAX_DATASET_NESTING (the same words for every command). */
export function nestingMessage(): string {
  return `nested deeper than the standard allows (${DEFAULT_LIMITS.maxDepth} levels inside a record, rule json-depth-limit)`;
}

/** Said when an input holds nothing but white space (validate: the `input-empty` error). */
export function emptyInputMessage(name: string): string {
  return `cannot read '${name}': the input is empty (rule input-empty); there is no dataset to read`;
}
