/**
 * The line a finding points at, cut from a window of bytes around the finding's byte offset, so
 * the browser never needs the whole file (a 50 MB upload) nor a whole line (a 100 MB single-line
 * file) to show a code frame. The frame itself is drawn by @parley/validator's `codeFrame`,
 * the same the CLI prints.
 */
export interface FindingLine {
  /** The line's text as far as the window holds it. */
  text: string;
  /** 1-based column of the finding in `text`, in UTF-16 code units. */
  column: number;
  /** True when the window did not reach the line's start or end. */
  cut: boolean;
}

const decoder = new TextDecoder("utf-8", { fatal: false });

/**
 * @param window bytes of the (decompressed) input starting at byte `windowStart`
 * @param offset the finding's byte offset in the whole input
 */
export function lineFromWindow(
  window: Uint8Array,
  windowStart: number,
  offset: number,
): FindingLine {
  const rel = Math.min(Math.max(offset - windowStart, 0), window.length);
  let lineStart = rel;
  while (lineStart > 0 && window[lineStart - 1] !== 0x0a) lineStart--;
  let lineEnd = rel;
  while (lineEnd < window.length && window[lineEnd] !== 0x0a) lineEnd++;
  const head = decoder.decode(window.subarray(lineStart, rel));
  const tail = decoder.decode(window.subarray(rel, lineEnd)).replace(/\r$/, "");
  const cut = (lineStart === 0 && windowStart > 0) || lineEnd === window.length;
  return { text: head + tail, column: head.length + 1, cut };
}

/** Bytes either side of a finding's offset read for its code frame. */
export const FRAME_WINDOW = 2048;

/** One read of the input: the byte range [start, end) and the findings (by index) it serves. */
export interface FrameRead {
  start: number;
  end: number;
  findings: number[];
}

/**
 * The reads that fetch every finding's window: windows sorted by offset and merged while the
 * merged range stays within `maxRead` bytes and the gap between two windows within `maxGap`.
 * One read per finding cost the Validate view more than validating (5,000 findings, each a
 * `Blob.slice().arrayBuffer()` round trip to the browser process: 3.6 s of a 30,000-record
 * run in Chromium's profile); merged, the same frames take a handful of reads.
 */
export function frameReads(
  offsets: readonly number[],
  size: number,
  { window = FRAME_WINDOW, maxRead = 1 << 20, maxGap = 64 * 1024 } = {},
): FrameRead[] {
  const order = offsets.map((_, i) => i).sort((a, b) => (offsets[a] ?? 0) - (offsets[b] ?? 0));
  const reads: FrameRead[] = [];
  let current: FrameRead | undefined;
  for (const i of order) {
    const offset = offsets[i] ?? 0;
    const start = Math.max(0, offset - window);
    const end = Math.min(size, offset + window);
    if (current && start - current.end <= maxGap && end - current.start <= maxRead) {
      current.end = Math.max(current.end, end);
      current.findings.push(i);
    } else {
      current = { start, end, findings: [i] };
      reads.push(current);
    }
  }
  return reads;
}

/** The window of the finding at `offset` inside a read's bytes (as if read on its own). */
export function windowIn(
  read: { start: number; bytes: Uint8Array },
  offset: number,
  window = FRAME_WINDOW,
): { bytes: Uint8Array; start: number } {
  const start = Math.max(0, offset - window);
  return {
    bytes: read.bytes.subarray(start - read.start, offset + window - read.start),
    start,
  };
}
