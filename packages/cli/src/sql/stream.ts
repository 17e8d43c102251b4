import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createInterface } from "node:readline";
import type { TableDataset } from "@parley/sdk";
import { describeFsError, UnreadableInputError } from "../errors";

export type StreamedRecord = TableDataset["records"][number];

/** A dataset read one record at a time: its metadata first, then its records. */
export interface DatasetStream {
  metadata: Record<string, unknown>;
  records: AsyncIterable<StreamedRecord>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

async function firstLine(path: string, name: string): Promise<string> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, "r");
    const buffer = Buffer.alloc(1 << 16);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const text = buffer
      .subarray(0, bytesRead)
      .toString("utf8")
      .replace(/^\ufeff/, "");
    const end = text.indexOf("\n");
    return end === -1 ? text : text.slice(0, end);
  } catch (error) {
    throw new UnreadableInputError(`${name}: ${describeFsError(error)}`);
  } finally {
    await handle?.close();
  }
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
 * file. Returns undefined for a JSON document (the caller reads that whole). A line that is
 * not a JSON object stops the export with its line number: a partial export would drop data.
 */
export async function streamNdjson(path: string, name: string): Promise<DatasetStream | undefined> {
  const first = (await firstLine(path, name)).trim();
  const value = parses(first);
  if (!isObject(value) || Array.isArray(value.records)) return undefined;
  const lines = createInterface({
    input: createReadStream(path, { encoding: "utf8" }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  const iterator = lines[Symbol.asyncIterator]();
  let lineNumber = 0;
  let metadata: Record<string, unknown> = {};
  let pending: StreamedRecord | undefined;
  const parse = (text: string): Record<string, unknown> | undefined => {
    const trimmed = (lineNumber === 1 ? text.replace(/^\ufeff/, "") : text).trim();
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
  // The header, if any, is the first line.
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    lineNumber += 1;
    const parsed = parse(next.value);
    if (!parsed) continue;
    if (parsed.type === "dataset") {
      const { type: _type, ...rest } = parsed;
      metadata = rest;
    } else pending = parsed as StreamedRecord;
    break;
  }
  async function* records(): AsyncGenerator<StreamedRecord> {
    if (pending) yield pending;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      lineNumber += 1;
      const parsed = parse(next.value);
      if (parsed) yield parsed as StreamedRecord;
    }
  }
  return { metadata, records: records() };
}
