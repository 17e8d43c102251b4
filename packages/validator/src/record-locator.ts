/**
 * Re-reading one record of an NDJSON file by its byte offset, to position a finding inside it
 * (Node only). Who reads records once and reports on some of them later uses it: the `--jobs`
 * merger (references and duplicates settled across parts), and a part's worker (a format
 * check settled after the event was read: the countries are located only if one is reported).
 */
import { closeSync, openSync, readSync } from "node:fs";
import { recordStart } from "./dataset/finding-positions";
import type { RecordLocator, RereadRecord } from "./dataset/merge-state";
import type { Limits } from "./options";
import { RecordCursor } from "./record-cursor";

/**
 * Re-reads one NDJSON record (the line starting at `offset`) to position a pointer in it. The
 * merger reports a record's findings one after another (deferred references come in record
 * order), so the last record read is kept: with many findings (10 % invalid records: tens of
 * thousands of dangling references across parts) reading, decoding and parsing each record
 * once, into one reused buffer, took the merge from ~1.2 s to a fraction of it.
 */
export function fileLocator(
  path: string,
  limits: Limits,
): RecordLocator & { /** Closes the file (it is opened on the first read). */ close(): void } {
  const decoder = new TextDecoder();
  // A window of the file: the merger asks for records in file order (within each part), so
  // one read serves the many records after it. One read per record made the syscalls the
  // merger's main cost.
  const window = new Uint8Array(1 << 20);
  let windowStart = 0;
  let windowEnd = 0;
  let fd: number | undefined;
  let last: { offset: number; cursor: RecordCursor; record: unknown } | undefined;
  const read = (offset: number, line: number): NonNullable<typeof last> => {
    fd ??= openSync(path, "r");
    let bytes: Uint8Array | undefined;
    for (let attempt = 0; attempt < 2 && bytes === undefined; attempt++) {
      if (offset >= windowStart && offset < windowEnd) {
        const from = offset - windowStart;
        const nl = window.subarray(from, windowEnd - windowStart).indexOf(10);
        // The whole line is in the window (or the window ends at the end of the file).
        if (nl >= 0) bytes = window.subarray(from, from + nl);
        else if (windowEnd - windowStart < window.length)
          bytes = window.subarray(from, windowEnd - windowStart);
      }
      if (bytes === undefined && attempt === 0) {
        const n = readSync(fd, window, 0, window.length, offset);
        windowStart = offset;
        windowEnd = offset + Math.max(n, 0);
        if (n <= 0) bytes = new Uint8Array(0);
      }
    }
    if (bytes === undefined) {
      // A line longer than the window: read on until its end (or the record size limit).
      const parts: Uint8Array[] = [window.slice(0, windowEnd - windowStart)];
      let pos = windowEnd;
      let total = windowEnd - windowStart;
      for (;;) {
        const more = new Uint8Array(1 << 20);
        const k = readSync(fd, more, 0, more.length, pos);
        if (k <= 0) break;
        const end = more.subarray(0, k).indexOf(10);
        parts.push(more.subarray(0, end < 0 ? k : end));
        total += end < 0 ? k : end;
        if (end >= 0 || total > limits.maxRecordBytes) break;
        pos += k;
      }
      bytes = new Uint8Array(total);
      let at = 0;
      for (const p of parts) {
        bytes.set(p, at);
        at += p.length;
      }
    }
    let text = decoder.decode(bytes);
    if (text.endsWith("\r")) text = text.slice(0, -1);
    const cursor = new RecordCursor(limits);
    cursor.reset(text, { line, column: 1, offset }, 0, undefined, text.length === bytes.length);
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch {
      record = undefined;
    }
    return { offset, cursor, record };
  };
  const locate = (offset: number, line: number): RereadRecord => {
    const start = { line, column: 1, offset };
    try {
      if (last?.offset !== offset) {
        last = undefined;
        last = read(offset, line);
      }
    } catch {
      return { at: recordStart(start) };
    }
    const { cursor, record } = last;
    // A position that cannot be found is the record's start, never a failed merge.
    return {
      record,
      at: {
        locate: (pointer) => {
          try {
            return cursor.locate(pointer);
          } catch {
            return start;
          }
        },
        locateString: (pointer, value) => {
          try {
            return cursor.locateString(pointer, value);
          } catch {
            return start;
          }
        },
      },
    };
  };
  return Object.assign(locate, {
    close: () => {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
      last = undefined;
    },
  });
}
