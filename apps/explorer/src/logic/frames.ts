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
