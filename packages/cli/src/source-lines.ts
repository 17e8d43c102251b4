import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import type { SourceExcerpt } from "@parley/validator";

/** Characters kept on each side of the columns a code frame needs. */
const WINDOW = 240;

/** Columns wanted on one line: the frame needs the span from the first to the last. */
export interface LineNeed {
  minColumn: number;
  maxColumn: number;
}

/**
 * Reads back the lines that code frames need, after validation, keeping only a window around
 * the columns of interest: a dataset's lines can be megabytes long, and memory must not grow
 * with them. Stops reading after the last line needed. Lines are counted as the validator
 * counts them (split at \n, columns in UTF-16 code units, a trailing \r not part of the line).
 */
export async function readLineExcerpts(
  path: string,
  needs: ReadonlyMap<number, LineNeed>,
  gzip: boolean,
): Promise<Map<number, SourceExcerpt>> {
  const found = new Map<number, SourceExcerpt>();
  if (needs.size === 0) return found;
  const lastLine = Math.max(...needs.keys());
  const file = createReadStream(path);
  const bytes: Readable = gzip ? file.pipe(createGunzip()) : file;
  const decoder = new TextDecoder("utf-8");
  let line = 1;
  let column = 0; // UTF-16 units of the current (needed) line decoded so far
  let captured = "";
  let need = needs.get(1);

  const capture = (text: string) => {
    if (!need) return;
    const lo = Math.max(0, need.minColumn - 1 - WINDOW);
    const hi = need.maxColumn - 1 + WINDOW;
    const from = Math.max(lo, column);
    const to = Math.min(hi, column + text.length);
    if (from < to) captured += text.slice(from - column, to - column);
    column += text.length;
  };
  const endLine = () => {
    if (need) {
      capture(decoder.decode());
      const lo = Math.max(0, need.minColumn - 1 - WINDOW);
      let text = captured;
      let length = column;
      if (text.endsWith("\r") && lo + text.length === column) {
        text = text.slice(0, -1);
        length--;
      }
      found.set(line, { text, startColumn: lo + 1, lineLength: length });
    }
    line++;
    column = 0;
    captured = "";
    need = needs.get(line);
  };

  try {
    // Lines nobody needs are skipped as bytes (a newline byte never occurs inside a UTF-8
    // character); only the needed lines are decoded, one at a time.
    for await (const data of bytes) {
      const chunk = data as Buffer;
      let pos = 0;
      while (pos < chunk.length) {
        const newline = chunk.indexOf(10, pos);
        const end = newline === -1 ? chunk.length : newline;
        if (need) capture(decoder.decode(chunk.subarray(pos, end), { stream: true }));
        if (newline === -1) break;
        endLine();
        if (line > lastLine) return found;
        pos = newline + 1;
      }
    }
    if (need) endLine();
    return found;
  } catch {
    // A frame is a convenience: an input that fails on re-reading (a corrupt gzip tail) simply
    // gets frames up to where it could be read; the findings themselves are already complete.
    return found;
  } finally {
    file.destroy();
    if (bytes !== file) bytes.destroy();
  }
}
