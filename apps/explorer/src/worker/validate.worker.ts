/// <reference lib="webworker" />
import { type Finding, type ValidationSummary, validateStream } from "@parley/validator";
import {
  type FindingLine,
  FRAME_WINDOW,
  frameReads,
  lineFromWindow,
  windowIn,
} from "../logic/frames";
import { type FromWorker, MAX_LISTED_FINDINGS, type ToWorker } from "./protocol";
import { reportText } from "./reports";

/**
 * Validation off the main thread: the file is read as a stream of chunks (never whole), the
 * validator runs its streaming pass, and progress is posted a few times a second so the page
 * stays responsive on a 50 MB input.
 */
declare const self: DedicatedWorkerGlobalScope;

let last:
  | {
      blob: Blob;
      name: string;
      compressed: boolean;
      findings: Finding[];
      summary: ValidationSummary;
    }
  | undefined;
let parsedDocument: { blob: Blob; records: unknown[] } | undefined;

const post = (message: FromWorker) => self.postMessage(message);

function isGzip(head: Uint8Array): boolean {
  return head[0] === 0x1f && head[1] === 0x8b;
}

/** The input's bytes as the validator saw them (gzip undone), as a stream. */
function decompressed(blob: Blob, compressed: boolean): ReadableStream<Uint8Array> {
  const stream = blob.stream() as ReadableStream<Uint8Array>;
  return compressed
    ? stream.pipeThrough(
        new DecompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>,
      )
    : stream;
}

async function validateBlob(blob: Blob, name: string): Promise<void> {
  const started = performance.now();
  const compressed = isGzip(new Uint8Array(await blob.slice(0, 2).arrayBuffer()));
  let readBytes = 0;
  let records = 0;
  let lastPost = 0;
  const report = (force = false) => {
    const now = performance.now();
    if (!force && now - lastPost < 100) return;
    lastPost = now;
    post({ type: "progress", readBytes, totalBytes: blob.size, records });
  };
  // Count the bytes of the file itself (compressed or not) as they are read: the progress bar.
  const counted = (blob.stream() as ReadableStream<Uint8Array>).pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        readBytes += chunk.byteLength;
        report();
        controller.enqueue(chunk);
      },
    }),
  );
  const run = validateStream(counted, {
    file: name,
    maxFindings: MAX_LISTED_FINDINGS,
    onProgress: (progress) => {
      records = progress.records;
      report();
    },
  });
  const findings: Finding[] = [];
  for await (const finding of run) findings.push(finding);
  const summary = await run.summary;
  records = summary.records;
  report(true);
  const validationMs = performance.now() - started;
  const lines = await linesFor(blob, compressed, findings);
  last = { blob, name, compressed, findings, summary };
  parsedDocument = undefined;
  post({
    type: "done",
    findings,
    lines,
    summary,
    validationMs: Math.round(validationMs),
    elapsedMs: Math.round(performance.now() - started),
  });
}

/** The line of each finding, for its code frame: direct byte slices when uncompressed, one streaming pass for gzip. */
async function linesFor(
  blob: Blob,
  compressed: boolean,
  findings: Finding[],
): Promise<(FindingLine | null)[]> {
  const frames: (FindingLine | null)[] = findings.map(() => null);
  if (!compressed) {
    // A few merged reads, not one per finding (see frameReads).
    const offsets = findings.map((f) => f.offset);
    for (const read of frameReads(offsets, blob.size)) {
      const bytes = new Uint8Array(await blob.slice(read.start, read.end).arrayBuffer());
      for (const i of read.findings) {
        const offset = offsets[i] as number;
        const window = windowIn({ start: read.start, bytes }, offset);
        frames[i] = lineFromWindow(window.bytes, window.start, offset);
      }
    }
    return frames;
  }
  const order = findings.map((f, i) => ({ f, i })).sort((a, b) => a.f.offset - b.f.offset);
  const windows = order.map(({ f }) => ({
    start: Math.max(0, f.offset - FRAME_WINDOW),
    end: f.offset + FRAME_WINDOW,
    bytes: new Uint8Array(0),
  }));
  let position = 0;
  let next = 0;
  const reader = decompressed(blob, true).getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const chunkEnd = position + value.byteLength;
      for (let w = next; w < windows.length; w++) {
        const window = windows[w];
        if (!window || window.start >= chunkEnd) break;
        const from = Math.max(window.start, position);
        const to = Math.min(window.end, chunkEnd);
        if (to > from) {
          const merged = new Uint8Array(window.bytes.length + (to - from));
          merged.set(window.bytes);
          merged.set(value.subarray(from - position, to - position), window.bytes.length);
          window.bytes = merged;
        }
        if (window.end <= chunkEnd && w === next) next++;
      }
      position = chunkEnd;
      if (next >= windows.length) break;
    }
  } catch {
    // A corrupt gzip ends the pass; the findings already say so, frames stay partial.
  } finally {
    reader.cancel().catch(() => {});
  }
  order.forEach(({ f, i }, k) => {
    const window = windows[k];
    if (window && window.bytes.length > 0)
      frames[i] = lineFromWindow(window.bytes, window.start, f.offset);
  });
  return frames;
}

/** The line of `bytes` that holds `offset` (without its newline). */
function lineIn(bytes: Uint8Array, offset: number): Uint8Array {
  let start = Math.min(offset, bytes.length);
  while (start > 0 && bytes[start - 1] !== 0x0a) start--;
  let end = Math.min(offset, bytes.length);
  while (end < bytes.length && bytes[end] !== 0x0a) end++;
  return bytes.subarray(start, end);
}

const STEP = 64 * 1024;
/** Records larger than this are refused by the validator anyway (its maxRecordBytes default). */
const MAX_LINE = 16 * 1024 * 1024;

/** The line holding `offset`, found by reading slices of the file around it. */
async function lineInBlob(blob: Blob, offset: number): Promise<Uint8Array> {
  let start = Math.min(offset, blob.size);
  while (start > 0 && offset - start < MAX_LINE) {
    const from = Math.max(0, start - STEP);
    const chunk = new Uint8Array(await blob.slice(from, start).arrayBuffer());
    const newline = chunk.lastIndexOf(0x0a);
    if (newline !== -1) {
      start = from + newline + 1;
      break;
    }
    start = from;
  }
  let end = Math.min(offset, blob.size);
  while (end < blob.size && end - offset < MAX_LINE) {
    const chunk = new Uint8Array(await blob.slice(end, end + STEP).arrayBuffer());
    const newline = chunk.indexOf(0x0a);
    if (newline !== -1) {
      end += newline;
      break;
    }
    end += chunk.length;
  }
  return new Uint8Array(await blob.slice(start, end).arrayBuffer());
}

let cachedBytes: { blob: Blob; bytes: Uint8Array } | undefined;

/** The input's (decompressed) bytes, read once per validated input and only on demand. */
async function inputBytes(input: { blob: Blob; compressed: boolean }): Promise<Uint8Array> {
  if (cachedBytes?.blob !== input.blob) {
    const buffer = await new Response(decompressed(input.blob, input.compressed)).arrayBuffer();
    cachedBytes = { blob: input.blob, bytes: new Uint8Array(buffer) };
  }
  return cachedBytes.bytes;
}

/** The text of the input, decompressed. */
async function inputText(blob: Blob, compressed: boolean): Promise<string> {
  return new Response(decompressed(blob, compressed)).text();
}

/** The record a finding is about: the parsed record when it parses, otherwise its raw text. */
async function recordFor(finding: Finding): Promise<{ text: string; note?: string }> {
  if (!last) return { text: "", note: "Nothing validated yet." };
  if (finding.recordIndex === null)
    return {
      text: "",
      note: "This finding is about the input or the dataset as a whole, not one record.",
    };
  if (last.summary.format === "ndjson") {
    // One record per line: the line holding the finding's offset is the record. An uncompressed
    // file is read around the offset only; a gzip one has to be decompressed to get there.
    const line = last.compressed
      ? lineIn(await inputBytes(last), finding.offset)
      : await lineInBlob(last.blob, finding.offset);
    return pretty(new TextDecoder().decode(line), `Line ${finding.line}`);
  }
  if (!parsedDocument || parsedDocument.blob !== last.blob) {
    try {
      const doc = JSON.parse(await inputText(last.blob, last.compressed)) as
        | { records?: unknown[] }
        | unknown[];
      // A bare array of records is its own record list.
      const records = Array.isArray(doc) ? doc : doc.records;
      parsedDocument = { blob: last.blob, records: Array.isArray(records) ? records : [] };
    } catch {
      return {
        text: "",
        note: "The document is not valid JSON, so the record cannot be cut out; see the code frame.",
      };
    }
  }
  const record = parsedDocument.records[finding.recordIndex];
  if (record === undefined)
    return { text: "", note: `The document has no record ${finding.recordIndex}.` };
  return {
    text: JSON.stringify(record, null, 2),
    note: `records[${finding.recordIndex}] (as JSON.parse reads it: of duplicate keys only the last shows)`,
  };
}

function pretty(raw: string, where: string): { text: string; note?: string } {
  try {
    return { text: JSON.stringify(JSON.parse(raw), null, 2), note: where };
  } catch {
    return { text: raw, note: `${where}, raw text (it does not parse as JSON)` };
  }
}

self.onmessage = async (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  try {
    if (message.type === "validate") await validateBlob(message.blob, message.name);
    else if (message.type === "record")
      post({ type: "record", requestId: message.requestId, ...(await recordFor(message.finding)) });
    else if (message.type === "report") {
      if (!last) throw new Error("Nothing validated yet.");
      post({
        type: "report",
        requestId: message.requestId,
        ...reportText(message.format, last.findings, last.summary),
      });
    }
  } catch (error) {
    post({ type: "failed", message: error instanceof Error ? error.message : String(error) });
  }
};
