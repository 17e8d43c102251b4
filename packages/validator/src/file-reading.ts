/**
 * Reading files for validation (Node only): chunks of a file or of a byte range of it, and what
 * the first bytes say (can it be split at line starts? which version does its header declare?).
 * Used by the worker-thread validation (node.ts, worker.ts) and the map stage (stages/map.ts).
 */
import { closeSync, createReadStream, openSync, readSync } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { hasGzipMagic } from "./input";
import type { ValidateOptions } from "./options";

/**
 * Bytes per read. 1 MiB reads as fast as 4 MiB here (the record loop, not the read, is the
 * cost) and keeps fewer dead chunks waiting for the garbage collector: ~25 MB less peak RSS.
 */
export const READ_CHUNK_BYTES = 1 << 20;

/** The byte chunks of a file, or of the range [start, end) of it, read 1 MiB at a time. */
export async function* fileChunks(
  path: string,
  start = 0,
  end?: number,
): AsyncGenerator<Uint8Array> {
  if (end !== undefined && end <= start) return;
  const stream = createReadStream(path, {
    start,
    ...(end !== undefined ? { end: end - 1 } : {}),
    highWaterMark: READ_CHUNK_BYTES,
  });
  for await (const chunk of stream) yield chunk as Uint8Array;
}

/**
 * The byte chunks of the range [start, end) of a file (without `end`: to its end), all read
 * into one reused buffer: only for a consumer that is done with each chunk before it asks for
 * the next and copies what it keeps (the NDJSON reader: it decodes each line at once and
 * copies a partial last line). A fresh buffer per read leaves dead chunks for the garbage
 * collector, and external memory is collected late: 30-70 MB per worker at the end of a
 * 200k-record part.
 */
export async function* rangeChunksInOneBuffer(
  path: string,
  start: number,
  end = Number.POSITIVE_INFINITY,
  /**
   * Asked before each read, with the offset it starts at: the range's end, or a smaller one (a
   * line start at or after that offset) when the rest of the range is to be read by another
   * thread (see part-run.ts).
   */
  limit?: (pos: number, end: number) => number,
  readBytes = READ_CHUNK_BYTES,
): AsyncGenerator<Uint8Array> {
  if (end <= start) return;
  const file = await open(path, "r");
  try {
    yield* handleChunksInOneBuffer(file, start, end, limit, readBytes);
  } finally {
    await file.close();
  }
}

/** `rangeChunksInOneBuffer` of a file already open (the caller closes it). */
export async function* handleChunksInOneBuffer(
  file: FileHandle,
  start = 0,
  end = Number.POSITIVE_INFINITY,
  limit?: (pos: number, end: number) => number,
  readBytes = READ_CHUNK_BYTES,
): AsyncGenerator<Uint8Array> {
  if (end <= start) return;
  // Two buffers: the next chunk is read into one while the consumer works on the other (one
  // buffer left the thread idle ~10 % of the time, waiting for each read).
  const size = Math.min(readBytes, end - start);
  const buffers = [new Uint8Array(size), new Uint8Array(size)] as const;
  let pos = start;
  let ended = false;
  const readInto = (k: 0 | 1) => {
    if (limit && !ended && pos < end) end = limit(pos, end);
    const length = ended ? 0 : Math.min(size, end - pos);
    const at = pos;
    pos += length;
    // A short read means the file ended (it shrank, or: no `end`, its end): nothing is read after it.
    return length > 0
      ? file.read(buffers[k], 0, length, at).then(({ bytesRead }) => {
          if (bytesRead < length) ended = true;
          return bytesRead;
        })
      : Promise.resolve(0);
  };
  let k: 0 | 1 = 0;
  let pending = readInto(0);
  try {
    for (;;) {
      const bytesRead = await pending;
      if (bytesRead <= 0) break;
      // The consumer is done with the other buffer (it asked for this chunk): refill it.
      pending = readInto(k === 0 ? 1 : 0);
      yield buffers[k].subarray(0, bytesRead);
      k = k === 0 ? 1 : 0;
    }
  } finally {
    // A read still under way must not land in a buffer after its file is closed.
    await pending.catch(() => 0);
  }
}

/** Whether a file is a gzip stream, by its first bytes (as the validator reads it). */
export function isGzipFile(path: string): boolean {
  const fd = openSync(path, "r");
  try {
    const head = new Uint8Array(2);
    return hasGzipMagic(head.subarray(0, readSync(fd, head, 0, 2, 0)));
  } finally {
    closeSync(fd);
  }
}

/** Whether a file can be split: uncompressed NDJSON (by name, or a first line that is a JSON object without `records`). */
export function isSplittable(path: string, options: ValidateOptions = {}): boolean {
  if (options.compression === "gzip") return false;
  const fd = openSync(path, "r");
  try {
    const head = new Uint8Array(64 * 1024);
    const n = readSync(fd, head, 0, head.length, 0);
    if (hasGzipMagic(head.subarray(0, n))) return false;
    if (options.format === "json") return false;
    if (options.format === "ndjson") return true;
    const name = path.toLowerCase();
    if (name.endsWith(".ndjson") || name.endsWith(".jsonl")) return true;
    if (name.endsWith(".json")) return false;
    const nl = head.subarray(0, n).indexOf(10);
    if (nl < 0) return false;
    try {
      const first = JSON.parse(new TextDecoder().decode(head.subarray(0, nl)));
      return (
        first !== null &&
        typeof first === "object" &&
        !Array.isArray(first) &&
        !("records" in first)
      );
    } catch {
      return false;
    }
  } finally {
    closeSync(fd);
  }
}

/** The schemaVersion of an NDJSON file's header line, if it has one. */
export function headerVersion(path: string): string | null {
  const fd = openSync(path, "r");
  try {
    const head = new Uint8Array(1 << 20);
    const n = readSync(fd, head, 0, head.length, 0);
    let start = 0;
    if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) start = 3;
    const nl = head.subarray(0, n).indexOf(10);
    const line = new TextDecoder().decode(head.subarray(start, nl < 0 ? n : nl));
    const value = JSON.parse(line) as {
      type?: unknown;
      schemaVersion?: unknown;
      [k: string]: unknown;
    };
    if (value && value.type === "dataset" && typeof value.schemaVersion === "string")
      return value.schemaVersion;
    if (value && typeof value.schemaVersion === "string") return value.schemaVersion;
    return null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/**
 * The first line start at or after `from` (>= 1) and before `end`, or `end` if there is none:
 * a place where a byte range can be cut without splitting a line.
 */
export function lineStartFrom(path: string, from: number, end: number): number {
  const fd = openSync(path, "r");
  try {
    const buffer = new Uint8Array(64 * 1024);
    // A line starts at `from` when the byte before it ends a line.
    for (let pos = Math.max(1, from) - 1; pos < end; ) {
      const n = readSync(fd, buffer, 0, Math.min(buffer.length, end - pos), pos);
      if (n <= 0) break;
      const nl = buffer.subarray(0, n).indexOf(10);
      if (nl >= 0) return Math.min(pos + nl + 1, end);
      pos += n;
    }
    return end;
  } finally {
    closeSync(fd);
  }
}
