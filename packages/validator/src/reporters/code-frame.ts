import { singleLine } from "./text";
import { type Colorizer, NO_COLORS, type SourceExcerpt } from "./types";

export interface CodeFrameOptions {
  /** Characters of source shown at most (NDJSON lines can be megabytes long). Default 100. */
  maxWidth?: number;
  colors?: Colorizer;
}

/**
 * A code frame of one line with a caret under `column` (1-based, UTF-16 code units):
 *
 *     12 | {"type":"event","kind":"meetnig"}
 *        |                        ^
 *
 * Written here rather than taken from @babel/code-frame because Parley's lines are data, not
 * code: a record line is often far wider than a terminal, so the frame shows a window around the
 * column with … marks, and control characters in the data are shown, never sent to the terminal.
 */
export function codeFrame(
  source: string | SourceExcerpt,
  line: number,
  column: number,
  options: CodeFrameOptions = {},
): string {
  const c = options.colors ?? NO_COLORS;
  const maxWidth = Math.max(20, options.maxWidth ?? 100);
  // Work in columns of the full line; an excerpt holds the columns [base, base + text.length).
  const excerpt =
    typeof source === "string"
      ? { text: source.replace(/\r?\n$/, ""), startColumn: 1, lineLength: -1 }
      : source;
  const text = excerpt.text;
  const base = excerpt.startColumn - 1;
  const length = excerpt.lineLength >= 0 ? excerpt.lineLength : text.length;
  const index = Math.min(Math.max(column - 1, base), base + text.length);
  let start = base;
  let end = base + text.length;
  if (end - start > maxWidth) {
    // Keep a third of the window before the column: the offending value reads left to right.
    start = Math.max(base, Math.min(index - Math.floor(maxWidth / 3), end - maxWidth));
    end = Math.min(end, start + maxWidth);
  }
  const head = start > 0 ? "…" : "";
  const tail = end < length ? "…" : "";
  const shown = `${head}${singleLine(text.slice(start - base, end - base))}${tail}`;
  const gutter = String(line);
  const caretPad = " ".repeat(head.length + index - start);
  return [
    `${c.red(">")} ${c.dim(`${gutter} |`)} ${shown}`,
    `  ${" ".repeat(gutter.length)} ${c.dim("|")} ${caretPad}${c.red(c.bold("^"))}`,
  ].join("\n");
}
