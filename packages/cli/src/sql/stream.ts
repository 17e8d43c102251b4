import type { Readable } from "node:stream";
import type { TableDataset } from "@parley/sdk";
import { UnreadableInputError } from "../errors";
import type { InputSpec } from "../inputs";
import { type TextInputOptions, textLines } from "../text-input";

export type StreamedRecord = TableDataset["records"][number];

/** A dataset read one record at a time: its metadata first, then its records. */
export interface DatasetStream {
  metadata: Record<string, unknown>;
  records: AsyncIterable<StreamedRecord>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parses(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Opens an NDJSON dataset as a stream: a line at a time, so memory does not grow with the
 * file. Returns undefined for a JSON document (the caller reads that whole). The lines are
 * read as every command reads text (`textLines`: a byte order mark skipped with a note, gzip
 * inflated, a line that is not UTF-8 refused with its number). A line that is not a JSON
 * object stops the export with its line number: a partial export would drop data.
 */
export async function streamNdjson(
  spec: InputSpec & { path: string },
  stdin: Readable,
  options: TextInputOptions = {},
): Promise<DatasetStream | undefined> {
  const name = spec.name;
  // The note on a byte order mark is passed on only for NDJSON: a JSON document is read again,
  // whole, by the caller, which says it then.
  let bom: string | undefined;
  const lines = textLines(spec, stdin, {
    onBom: (message) => {
      bom = message;
    },
  });
  let lineNumber = 0;
  let metadata: Record<string, unknown> = {};
  let pending: StreamedRecord | undefined;
  const parse = (text: string): Record<string, unknown> | undefined => {
    const trimmed = text.trim();
    if (trimmed === "") return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw new UnreadableInputError(
        `${name}:${lineNumber}: not JSON (${(error as Error).message}); nothing was exported`,
      );
    }
    if (!isObject(parsed))
      throw new UnreadableInputError(
        `${name}:${lineNumber}: a line must be a JSON object; nothing was exported`,
      );
    if (parsed.type === "dataset" && lineNumber > 1)
      throw new UnreadableInputError(
        `${name}:${lineNumber}: a dataset header may only be the first line; nothing was exported`,
      );
    return parsed;
  };
  // The first line tells the form: an object without a `records` array starts NDJSON.
  let first: IteratorResult<string>;
  try {
    first = await lines.next();
  } catch {
    // Not text (a database, a folder of tables, a file that cannot be read): not NDJSON. The
    // caller reads it as what it is, or says why it cannot.
    return undefined;
  }
  const value = first.done ? undefined : parses(first.value.trim());
  if (!isObject(value) || Array.isArray(value.records)) {
    await lines.return(undefined);
    return undefined;
  }
  if (bom !== undefined) options.onBom?.(bom);
  lineNumber = 1;
  if (value.type === "dataset") {
    const { type: _type, ...rest } = value;
    metadata = rest;
  } else pending = parse(first.value as string) as StreamedRecord;
  async function* records(): AsyncGenerator<StreamedRecord> {
    if (pending) yield pending;
    for await (const line of lines) {
      lineNumber += 1;
      const parsed = parse(line);
      if (parsed) yield parsed as StreamedRecord;
    }
  }
  return { metadata, records: records() };
}
