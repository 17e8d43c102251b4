import { clipLine } from "./findings";

/**
 * A code frame cut from a window of bytes around a finding's byte offset, so a frame never
 * needs the whole file (a 50 MB upload) or the whole line (a 100 MB single-line file).
 */
export interface CodeFrame {
  /** 1-based line numbers and texts; `current` marks the finding's line. */
  lines: { number: number; text: string; current: boolean }[];
  /** 1-based column of the caret inside the current line's (possibly clipped) text. */
  caret: number;
}

const decoder = new TextDecoder("utf-8", { fatal: false });

/**
 * @param window bytes of the input starting at byte `windowStart`
 * @param offset the finding's byte offset in the whole input
 * @param line the finding's 1-based line
 */
export function frameFromWindow(
  window: Uint8Array,
  windowStart: number,
  offset: number,
  line: number,
  width = 120,
): CodeFrame {
  const rel = Math.min(Math.max(offset - windowStart, 0), window.length);
  let lineStart = rel;
  while (lineStart > 0 && window[lineStart - 1] !== 0x0a) lineStart--;
  let lineEnd = rel;
  while (lineEnd < window.length && window[lineEnd] !== 0x0a) lineEnd++;
  const cutBefore = lineStart === 0 && windowStart > 0;
  const head = (cutBefore ? "…" : "") + decoder.decode(window.subarray(lineStart, rel));
  const tail =
    decoder.decode(window.subarray(rel, lineEnd)) +
    (lineEnd === window.length && lineEnd > rel ? "…" : "");
  const current = clipLine((head + tail).replace(/\r$/, ""), head.length + 1, width);
  const lines: CodeFrame["lines"] = [];
  if (lineStart > 0) {
    let prevStart = lineStart - 1;
    while (prevStart > 0 && window[prevStart - 1] !== 0x0a) prevStart--;
    const text = decoder.decode(window.subarray(prevStart, lineStart - 1)).replace(/\r$/, "");
    lines.push({ number: line - 1, text: clipLine(text, 1, width).text, current: false });
  }
  lines.push({ number: line, text: current.text, current: true });
  if (lineEnd < window.length) {
    let nextEnd = lineEnd + 1;
    while (nextEnd < window.length && window[nextEnd] !== 0x0a) nextEnd++;
    const text = decoder.decode(window.subarray(lineEnd + 1, nextEnd)).replace(/\r$/, "");
    if (text.length > 0 || nextEnd < window.length)
      lines.push({ number: line + 1, text: clipLine(text, 1, width).text, current: false });
  }
  return { lines, caret: current.column };
}

/** The frame as plain text, like a compiler's: `> 13 | …` and a caret line. */
export function frameToText(frame: CodeFrame): string {
  const gutter = String(Math.max(...frame.lines.map((l) => l.number))).length;
  const out: string[] = [];
  for (const l of frame.lines) {
    out.push(`${l.current ? ">" : " "} ${String(l.number).padStart(gutter)} | ${l.text}`);
    if (l.current)
      out.push(`  ${" ".repeat(gutter)} | ${" ".repeat(Math.max(frame.caret - 1, 0))}^`);
  }
  return out.join("\n");
}
