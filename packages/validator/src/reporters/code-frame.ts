import { singleLine } from "./text";
import { type Colorizer, NO_COLORS } from "./types";

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
  source: string,
  line: number,
  column: number,
  options: CodeFrameOptions = {},
): string {
  const c = options.colors ?? NO_COLORS;
  const maxWidth = Math.max(20, options.maxWidth ?? 100);
  const text = source.replace(/\r?\n$/, "");
  const index = Math.min(Math.max(column - 1, 0), text.length);
  let start = 0;
  let end = text.length;
  if (text.length > maxWidth) {
    // Keep a third of the window before the column: the offending value reads left to right.
    start = Math.max(0, Math.min(index - Math.floor(maxWidth / 3), text.length - maxWidth));
    end = Math.min(text.length, start + maxWidth);
  }
  const head = start > 0 ? "…" : "";
  const tail = end < text.length ? "…" : "";
  const shown = `${head}${singleLine(text.slice(start, end))}${tail}`;
  const gutter = String(line);
  const caretPad = " ".repeat(head.length + index - start);
  return [
    `${c.red(">")} ${c.dim(`${gutter} |`)} ${shown}`,
    `  ${" ".repeat(gutter.length)} ${c.dim("|")} ${caretPad}${c.red(c.bold("^"))}`,
  ].join("\n");
}
