import { Readable } from "node:stream";
import { JSONParser } from "@streamparser/json";
import { parse as parseCsv } from "csv-parse";
import { SaxesParser, type SaxesTagNS } from "saxes";
import { ImportError, type ImportInput, inputName } from "../run";
import type { InputSpec } from "./types";

/**
 * Streaming readers of the formats a mapping can iterate. Each yields the source's records one
 * at a time as flat or nested objects (CSV/xlsx: column → cell; XML: child path → text, with
 * `child/@attr` and `@attr`; JSON: the element), so memory stays bounded whatever the size of
 * the input. Facts about the input that the user should see (a detected delimiter, a header
 * row) come as `detected`, a file of another shape as `not-shape` (the engine skips it).
 */
export type ReaderItem =
  | {
      kind: "record";
      fields: Record<string, unknown>;
      line?: number;
      /** CSV: the row's cells, and the columns the header or `columns` name. */
      cells?: number;
      columns?: number;
    }
  | { kind: "detected"; text: string }
  | { kind: "not-shape"; reason: string };

export const DEFAULT_EXTENSIONS: Record<InputSpec["format"], string[]> = {
  csv: [".csv", ".txt"],
  tsv: [".tsv", ".tab", ".txt", ".csv"],
  xlsx: [".xlsx"],
  json: [".json"],
  ndjson: [".ndjson", ".jsonl"],
  xml: [".xml"],
  text: [".txt"],
};

export function readRecords(input: ImportInput, spec: InputSpec): AsyncGenerator<ReaderItem> {
  switch (spec.format) {
    case "csv":
    case "tsv":
      return readCsv(input, spec);
    case "json":
      return readJson(input, spec);
    case "ndjson":
      return readNdjson(input, spec);
    case "xml":
      return readXml(input, spec);
    case "xlsx":
      return readXlsx(input, spec);
    case "text":
      return readWholeText(input, spec);
  }
}

/**
 * A whole text file as one record: `text`, and the named groups of `input.fileName` matched
 * against the file's name (`USA_78_2023.txt` → ISO, Session, Year). The text of a file on disk is
 * read when a mapping first uses it, so a table of transcripts costs their names, not their text.
 */
async function* readWholeText(input: ImportInput, spec: InputSpec): AsyncGenerator<ReaderItem> {
  const file = inputName(input);
  const name = file.split(/[\\/]/).pop() ?? file;
  const fields: Record<string, unknown> = {};
  if (spec.fileName) {
    const match = new RegExp(spec.fileName).exec(name);
    if (!match) {
      yield { kind: "not-shape", reason: `its name does not match ${spec.fileName}` };
      return;
    }
    Object.assign(fields, match.groups ?? {});
  }
  if (typeof input === "string") {
    const { readFileSync } = await import("node:fs");
    let text: string | undefined;
    Object.defineProperty(fields, "text", {
      enumerable: true,
      get: () => {
        text ??= new TextDecoder(spec.encoding ?? "utf-8", { fatal: true }).decode(
          readFileSync(input),
        );
        return text;
      },
    });
  } else {
    let text = "";
    for await (const chunk of decodedText(input, spec.encoding)) text += chunk;
    fields.text = text;
  }
  yield { kind: "record", fields, line: 1 };
}

// ---- bytes and text -------------------------------------------------------------------------

async function* byteChunks(input: ImportInput): AsyncGenerator<Uint8Array> {
  if (typeof input === "string") {
    const { createReadStream } = await import("node:fs");
    for await (const chunk of createReadStream(input, { highWaterMark: 1 << 16 }))
      yield chunk as Uint8Array;
    return;
  }
  if (typeof input.content === "string") {
    yield new TextEncoder().encode(input.content);
    return;
  }
  for await (const chunk of input.content)
    yield typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk;
}

/**
 * Text in the declared encoding (default UTF-8, a BOM dropped). Bytes that are not valid in it
 * stop the import with the file and the byte offset: a wrong encoding is never read as mojibake.
 */
export async function* decodedText(input: ImportInput, encoding = "utf-8"): AsyncGenerator<string> {
  const file = inputName(input);
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    throw new ImportError(file, undefined, `unknown encoding '${encoding}'`);
  }
  let offset = 0;
  try {
    for await (const chunk of byteChunks(input)) {
      const text = decoder.decode(chunk, { stream: true });
      offset += chunk.byteLength;
      if (text) yield text;
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch (error) {
    if (error instanceof TypeError && /encoded data|decode/i.test(error.message)) {
      throw new ImportError(
        file,
        `byte ${offset}`,
        `not valid ${encoding} (near this offset); declare the file's encoding (e.g. "encoding": "windows-1252")`,
      );
    }
    throw error;
  }
}

// ---- CSV / TSV ------------------------------------------------------------------------------

const DELIMITERS = [",", "\t", ";", "|"];
const DELIMITER_NAMES: Record<string, string> = {
  ",": "comma",
  "\t": "tab",
  ";": "semicolon",
  "|": "pipe",
};

/** Counts a delimiter on each of the first lines, outside double quotes. */
function delimiterCounts(lines: readonly string[], delimiter: string): number[] {
  return lines.map((line) => {
    let inQuotes = false;
    let count = 0;
    for (const char of line) {
      if (char === '"') inQuotes = !inQuotes;
      else if (char === delimiter && !inQuotes) count += 1;
    }
    return count;
  });
}

/**
 * The delimiter of a sample: the candidate found the same number of times on most lines (a
 * table has as many cells on every row), preferring more columns. Undefined when none is.
 */
export function detectDelimiter(sample: string): string | undefined {
  const lines = sample
    .split(/\r?\n/)
    .slice(0, 50)
    .filter((line) => line.length > 0);
  // The last line of a sample can be cut short.
  if (lines.length > 2) lines.pop();
  let best: { delimiter: string; columns: number; share: number } | undefined;
  for (const delimiter of DELIMITERS) {
    const counts = delimiterCounts(lines, delimiter);
    const frequency = new Map<number, number>();
    for (const count of counts) frequency.set(count, (frequency.get(count) ?? 0) + 1);
    let mode = 0;
    let modeCount = 0;
    for (const [count, n] of frequency)
      if (n > modeCount || (n === modeCount && count > mode)) [mode, modeCount] = [count, n];
    if (mode === 0) continue;
    const share = modeCount / counts.length;
    if (share < 0.8) continue;
    if (!best || share > best.share || (share === best.share && mode + 1 > best.columns))
      best = { delimiter, columns: mode + 1, share };
  }
  if (best) return best.delimiter;
  // Too few or too ragged lines to agree: the first line (a header, or a first row) decides.
  const [firstLine] = lines;
  if (firstLine === undefined) return undefined;
  let top: { delimiter: string; count: number } | undefined;
  for (const delimiter of DELIMITERS) {
    const [count = 0] = delimiterCounts([firstLine], delimiter);
    if (count > 0 && (!top || count > top.count)) top = { delimiter, count };
  }
  return top?.delimiter;
}

const NUMBER_LIKE = /^[-+]?(?:\d[\d,.]*|\.\d+)(?:[eE][-+]?\d+)?$|^\d{4}-\d{2}(?:-\d{2})?/;

/**
 * Whether a first row is a header: it names the columns the source requires (or the declared
 * columns), or else its cells are distinct, non-empty labels none of which looks like a number
 * or a date.
 */
export function looksLikeHeader(
  cells: readonly string[],
  spec: Pick<InputSpec, "requires" | "columns">,
): boolean {
  const names = cells.map((cell) => cell.trim().toLowerCase());
  const known = spec.requires ?? spec.columns;
  if (known && known.length > 0) {
    const wanted = known.map((name) => name.toLowerCase());
    const hits = wanted.filter((name) => names.includes(name)).length;
    return hits >= Math.min(wanted.length, Math.max(1, Math.ceil(wanted.length / 2)));
  }
  if (names.some((name) => name === "" || NUMBER_LIKE.test(name))) return false;
  return new Set(names).size === names.length;
}

async function* readCsv(input: ImportInput, spec: InputSpec): AsyncGenerator<ReaderItem> {
  const file = inputName(input);
  const text = decodedText(input, spec.encoding);
  // Peek at the start of the file (up to 64 KiB) to detect the delimiter and the header.
  let sample = "";
  const buffered: string[] = [];
  // next() by hand: leaving a for-await loop early would close the generator.
  while (sample.length < 1 << 16) {
    const next = await text.next();
    if (next.done) break;
    buffered.push(next.value);
    sample += next.value;
  }
  if (sample.trim() === "") {
    yield { kind: "not-shape", reason: "the file is empty" };
    return;
  }
  let delimiter = spec.delimiter && spec.delimiter !== "auto" ? spec.delimiter : undefined;
  if (!delimiter) {
    if (spec.format === "tsv" && spec.delimiter !== "auto") delimiter = "\t";
    else {
      delimiter = detectDelimiter(sample);
      if (delimiter)
        yield {
          kind: "detected",
          text: `${DELIMITER_NAMES[delimiter] ?? JSON.stringify(delimiter)}-separated`,
        };
      else {
        // One column, or no table at all: read as one column and let `requires` judge.
        delimiter = spec.format === "tsv" ? "\t" : ",";
      }
    }
  }
  const quote = spec.quote === undefined ? (delimiter === "\t" ? false : '"') : spec.quote;
  const parser = parseCsv({
    delimiter,
    quote: quote === false ? false : quote,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    bom: true,
    info: true,
  });
  async function* all() {
    yield* buffered;
    yield* text;
  }
  const source = Readable.from(all());
  source.on("error", (error) => parser.destroy(error));
  source.pipe(parser);
  let columns: string[] | undefined;
  let first = true;
  try {
    for await (const row of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      const { record, info } = row;
      if (first) {
        first = false;
        const header =
          spec.header === "auto" || spec.header === undefined
            ? looksLikeHeader(record, spec)
            : spec.header;
        if (spec.header === "auto" || spec.header === undefined)
          yield { kind: "detected", text: header ? "header row" : "no header row" };
        if (header) {
          // A header cell left empty names its column by its position ("7").
          columns = record.map(
            (cell, index) => spec.columns?.[index] ?? (cell.trim() || String(index + 1)),
          );
          // Declared names win; a header spelled otherwise (lower case) maps onto them.
          if (spec.columns) {
            columns = record.map((cell, index) => {
              const name = cell.trim();
              return (
                spec.columns?.find((column) => column.toLowerCase() === name.toLowerCase()) ??
                spec.columns?.[index] ??
                name
              );
            });
          }
          continue;
        }
        columns = spec.columns ?? [];
        // Declared columns and no header: a first row of another width is another file.
        if (spec.columns && record.length !== spec.columns.length) {
          yield {
            kind: "not-shape",
            reason: `its first row has ${record.length} columns and no header naming them (a record has the ${spec.columns.length} columns of input.columns)`,
          };
          return;
        }
      }
      const fields: Record<string, unknown> = {};
      record.forEach((cell, index) => {
        fields[columns?.[index] ?? String(index + 1)] = cell;
      });
      yield {
        kind: "record",
        fields,
        line: info.lines,
        cells: record.length,
        ...(columns && columns.length > 0 ? { columns: columns.length } : {}),
      };
    }
  } catch (error) {
    if (error instanceof ImportError) throw error;
    const lines = (error as { lines?: unknown }).lines;
    throw new ImportError(
      file,
      typeof lines === "number" ? String(lines) : undefined,
      `cannot be read as CSV: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

// ---- JSON and NDJSON ------------------------------------------------------------------------

/** "/data/items" → the JSONPath the streaming parser takes for its elements: $.data.items.* */
function pointerToPath(pointer: string): string {
  if (!pointer) return "$.*";
  const segments = pointer
    .slice(1)
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"));
  return `$${segments.map((segment) => `.${segment}`).join("")}.*`;
}

async function* readJson(input: ImportInput, spec: InputSpec): AsyncGenerator<ReaderItem> {
  const file = inputName(input);
  const parser = new JSONParser({ paths: [pointerToPath(spec.pointer ?? "")], keepStack: false });
  const values: unknown[] = [];
  let failure: Error | undefined;
  let sawAny = false;
  let startsWithArray: boolean | undefined;
  parser.onValue = ({ value }) => {
    values.push(value);
  };
  parser.onError = (error) => {
    failure ??= new ImportError(file, undefined, `not valid JSON: ${error.message}`);
  };
  for await (const chunk of decodedText(input, spec.encoding)) {
    if (startsWithArray === undefined) {
      const start = chunk.trimStart();
      if (start) startsWithArray = start.startsWith("[");
      if (startsWithArray === false && !spec.pointer) {
        yield {
          kind: "not-shape",
          reason:
            "the document is not an array of records (give input.pointer to the array inside it)",
        };
        return;
      }
    }
    try {
      parser.write(chunk);
    } catch (error) {
      failure ??= new ImportError(file, undefined, `not valid JSON: ${(error as Error).message}`);
    }
    if (failure) throw failure;
    for (const value of values.splice(0)) {
      sawAny = true;
      yield recordOf(value);
    }
  }
  try {
    if (!parser.isEnded) parser.end();
  } catch (error) {
    failure ??= new ImportError(
      file,
      undefined,
      `not valid JSON (truncated?): ${(error as Error).message}`,
    );
  }
  if (failure) throw failure;
  for (const value of values.splice(0)) {
    sawAny = true;
    yield recordOf(value);
  }
  if (!sawAny) {
    yield {
      kind: "not-shape",
      reason: spec.pointer
        ? `no array of records at ${spec.pointer}`
        : startsWithArray
          ? "the array is empty"
          : "the document is not an array of records (give input.pointer to the array)",
    };
  }
}

function recordOf(value: unknown, line?: number): ReaderItem {
  const fields =
    typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : { value };
  return { kind: "record", fields, ...(line !== undefined ? { line } : {}) };
}

async function* readNdjson(input: ImportInput, spec: InputSpec): AsyncGenerator<ReaderItem> {
  const file = inputName(input);
  let buffered = "";
  let line = 0;
  function* parseLine(text: string, last: boolean): Generator<ReaderItem> {
    line += 1;
    const trimmed = text.trim();
    if (!trimmed) return;
    try {
      yield recordOf(JSON.parse(trimmed), line);
    } catch (error) {
      throw new ImportError(
        file,
        String(line),
        `not a JSON value${last ? " (the file ends inside it: truncated?)" : ""}: ${(error as Error).message}`,
      );
    }
  }
  for await (const chunk of decodedText(input, spec.encoding)) {
    buffered += chunk;
    let newline = buffered.indexOf("\n");
    while (newline !== -1) {
      yield* parseLine(buffered.slice(0, newline), false);
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf("\n");
    }
  }
  if (buffered.trim()) yield* parseLine(buffered, true);
}

// ---- XML ------------------------------------------------------------------------------------

interface Segment {
  local: string;
  uri?: string;
}

function iteratePath(spec: InputSpec): Segment[] {
  return (spec.iterate ?? "")
    .split("/")
    .filter(Boolean)
    .map((segment) => {
      const colon = segment.indexOf(":");
      if (colon === -1) return { local: segment };
      const prefix = segment.slice(0, colon);
      const uri = spec.namespaces?.[prefix];
      if (uri === undefined) throw new Error(`prefix '${prefix}' is not in input.namespaces`);
      return { local: segment.slice(colon + 1), uri };
    });
}

function matches(tag: SaxesTagNS, segment: Segment | undefined): boolean {
  if (!segment) return false;
  return tag.local === segment.local && (segment.uri === undefined || tag.uri === segment.uri);
}

interface OpenField {
  path: string;
  text: string;
  hasChildren: boolean;
  hasText: boolean;
}

async function* readXml(input: ImportInput, spec: InputSpec): AsyncGenerator<ReaderItem> {
  const file = inputName(input);
  const path = iteratePath(spec);
  const parser = new SaxesParser({ xmlns: true, position: true });
  const done: ReaderItem[] = [];
  const stack: SaxesTagNS[] = [];
  let record: { fields: Record<string, unknown>; line: number; depth: number } | undefined;
  const open: OpenField[] = [];
  let failure: Error | undefined;
  let rootChecked = false;
  let wrongRoot: string | undefined;
  let sawRecord = false;
  parser.on("error", (error) => {
    failure ??= new ImportError(
      file,
      `${parser.line}:${parser.column}`,
      `XML is not well-formed: ${error.message}`,
    );
  });
  const put = (key: string, value: string) => {
    if (!record) return;
    const existing = record.fields[key];
    if (existing === undefined) record.fields[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else record.fields[key] = [existing, value];
  };
  parser.on("opentag", (node) => {
    const tag = node as SaxesTagNS;
    stack.push(tag);
    if (!rootChecked) {
      rootChecked = true;
      if (!matches(tag, path[0])) wrongRoot = tag.name;
    }
    if (record) {
      const parent = open[open.length - 1];
      if (parent) parent.hasChildren = true;
      const relative = stack
        .slice(record.depth + 1)
        .map((t) => t.local)
        .join("/");
      for (const attribute of Object.values(tag.attributes)) {
        if (attribute.prefix === "xmlns" || attribute.name === "xmlns") continue;
        put(`${relative}/@${attribute.local}`, attribute.value);
      }
      open.push({ path: relative, text: "", hasChildren: false, hasText: false });
      return;
    }
    if (stack.length === path.length && stack.every((t, index) => matches(t, path[index]))) {
      record = { fields: {}, line: parser.line, depth: stack.length - 1 };
      sawRecord = true;
      for (const attribute of Object.values(tag.attributes)) {
        if (attribute.prefix === "xmlns" || attribute.name === "xmlns") continue;
        put(`@${attribute.local}`, attribute.value);
      }
    }
  });
  parser.on("text", (text) => {
    // Text belongs to every open field: mixed content (<em> inside a description) stays whole.
    for (const field of open) field.text += text;
    const innermost = open[open.length - 1];
    if (innermost && text.trim()) innermost.hasText = true;
  });
  parser.on("cdata", (text) => {
    for (const field of open) field.text += text;
    const innermost = open[open.length - 1];
    if (innermost) innermost.hasText = true;
  });
  parser.on("closetag", () => {
    stack.pop();
    if (!record) return;
    if (stack.length === record.depth) {
      done.push({ kind: "record", fields: record.fields, line: record.line });
      record = undefined;
      return;
    }
    const field = open.pop();
    if (!field) return;
    // A leaf, or mixed content: the whole text. A container of elements: only its children.
    const parent = open[open.length - 1];
    const insideMixed = parent?.hasText === true;
    if (!insideMixed && (!field.hasChildren || field.hasText)) put(field.path, field.text);
  });
  for await (const chunk of decodedText(input, spec.encoding)) {
    parser.write(chunk);
    if (failure) throw failure;
    if (wrongRoot !== undefined) {
      yield {
        kind: "not-shape",
        reason: `its root element is <${wrongRoot}>, not <${path[0]?.local}> (${spec.iterate})`,
      };
      return;
    }
    yield* done.splice(0);
  }
  parser.close();
  if (failure) throw failure;
  yield* done.splice(0);
  if (!sawRecord) yield { kind: "not-shape", reason: `no element at ${spec.iterate}` };
}

// ---- Excel ----------------------------------------------------------------------------------

/** A cell as text the mapping can read: numbers as written (1950), dates as ISO days. */
function cellText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
  }
  if (typeof value === "object") {
    const cell = value as {
      richText?: { text: string }[];
      text?: unknown;
      result?: unknown;
      error?: string;
    };
    if (cell.richText) return cell.richText.map((part) => part.text).join("");
    if (cell.result !== undefined) return cellText(cell.result);
    if (cell.text !== undefined) return cellText(cell.text);
    if (cell.error !== undefined) return cell.error;
    return JSON.stringify(value);
  }
  return String(value);
}

async function* readXlsx(input: ImportInput, spec: InputSpec): AsyncGenerator<ReaderItem> {
  const file = inputName(input);
  const { default: ExcelJS } = await import("exceljs");
  const source =
    typeof input === "string"
      ? input
      : Readable.from(
          typeof input.content === "string" ? [Buffer.from(input.content)] : input.content,
        );
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source as never, {
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    worksheets: "emit",
    entries: "ignore",
  });
  const wanted = spec.sheet ?? 1;
  const headerRow = spec.headerRow ?? 1;
  const names: string[] = [];
  let found = false;
  try {
    let position = 0;
    for await (const worksheet of reader) {
      position += 1;
      const sheet = worksheet as unknown as AsyncIterable<{ number: number; values: unknown[] }> & {
        name?: string;
      };
      const name = sheet.name ?? `Sheet${position}`;
      names.push(name);
      const isWanted = typeof wanted === "number" ? position === wanted : name === wanted;
      if (!isWanted) {
        // The reader must still be drained to reach the next sheet.
        for await (const _row of sheet) {
          // skip
        }
        continue;
      }
      found = true;
      let columns: string[] | undefined = spec.columns;
      for await (const row of sheet) {
        if (row.number < headerRow) continue;
        const cells = (row.values as unknown[]).slice(1).map(cellText);
        if (row.number === headerRow && !spec.columns) {
          columns = cells.map((cell, index) => cell?.trim() || String(index + 1));
          continue;
        }
        if (row.number === headerRow && spec.header !== false) continue;
        const fields: Record<string, unknown> = {};
        cells.forEach((cell, index) => {
          if (cell !== undefined) fields[columns?.[index] ?? String(index + 1)] = cell;
        });
        if (Object.keys(fields).length === 0) continue;
        yield { kind: "record", fields, line: row.number };
      }
    }
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError(
      file,
      undefined,
      `cannot be read as an Excel workbook (.xlsx): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!found)
    yield {
      kind: "not-shape",
      reason: `it has no sheet ${JSON.stringify(wanted)} (sheets: ${names.join(", ") || "none"})`,
    };
}
