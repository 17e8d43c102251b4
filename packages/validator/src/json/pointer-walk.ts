/**
 * Where the value at a JSON Pointer starts in a record's text, found by walking only down the
 * pointer's path and skipping everything else (no tokens, no maps built). A `RecordCursor`
 * made to walk (the map stage's) uses it in place of the precise parse: the map stage must
 * position every reference, date and format check it hands on, because it cannot know which
 * of them another record will turn into a finding, and the precise tokenizer the validator
 * uses for the few findings it reports would cost ~5× a JSON.parse per record there.
 *
 * The text is a record JSON.parse accepted, so it is valid JSON. Like the precise parse, a
 * duplicate key's LAST occurrence wins (it is the one JSON.parse keeps).
 */

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;

/**
 * Index of the value at `pointer` in `text` (of its member name's opening quote with `atKey`, as
 * the precise parse's `keyAt`), or -1 when the record has none there.
 */
export function findPointer(text: string, pointer: string, atKey = false): number {
  if (pointer === "") return firstNonSpace(text, 0);
  const tokens = pointer
    .slice(1)
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
  const n = text.length;
  let i = 0;
  let found = -1;

  const space = (): void => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === SPACE || c === TAB || c === LF || c === CR) i++;
      else return;
    }
  };
  /** From an opening quote to just after the closing one. */
  const skipString = (): void => {
    i = closingQuote(text, i) + 1;
  };
  /** Skips one value that is not on the path (containers by depth, strings aware). */
  const skipValue = (): void => {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      skipString();
      return;
    }
    if (c !== OPEN_OBJECT && c !== OPEN_ARRAY) {
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === COMMA || d === CLOSE_OBJECT || d === CLOSE_ARRAY || d === SPACE) return;
        if (d === TAB || d === LF || d === CR) return;
        i++;
      }
      return;
    }
    let depth = 0;
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d === QUOTE) {
        skipString();
        continue;
      }
      if (d === OPEN_OBJECT || d === OPEN_ARRAY) depth++;
      else if (d === CLOSE_OBJECT || d === CLOSE_ARRAY) {
        depth--;
        if (depth === 0) {
          i++;
          return;
        }
      }
      i++;
    }
  };
  /** A value on the path, `depth` tokens matched so far. */
  const onPath = (depth: number): void => {
    space();
    if (depth === tokens.length) {
      found = i;
      skipValue();
      return;
    }
    const token = tokens[depth] as string;
    const c = text.charCodeAt(i);
    if (c === OPEN_OBJECT) {
      i++;
      space();
      if (text.charCodeAt(i) === CLOSE_OBJECT) {
        i++;
        return;
      }
      for (;;) {
        space();
        const keyStart = i;
        skipString();
        const match = keyIs(text, keyStart, i - 1, token);
        space();
        i++; // the colon
        space();
        if (match && atKey && depth + 1 === tokens.length) {
          found = keyStart;
          skipValue();
        } else if (match) onPath(depth + 1);
        else skipValue();
        space();
        if (text.charCodeAt(i) === COMMA) {
          i++;
          continue;
        }
        i++; // the closing brace
        return;
      }
    }
    if (c === OPEN_ARRAY) {
      i++;
      space();
      if (text.charCodeAt(i) === CLOSE_ARRAY) {
        i++;
        return;
      }
      const wanted = /^(0|[1-9]\d*)$/.test(token) ? Number(token) : -1;
      for (let k = 0; ; k++) {
        space();
        if (k === wanted) onPath(depth + 1);
        else skipValue();
        space();
        if (text.charCodeAt(i) === COMMA) {
          i++;
          continue;
        }
        i++;
        return;
      }
    }
    skipValue();
  };
  onPath(0);
  return found;
}

/**
 * The index of the quote that closes the JSON string opening at `i` (`text[i]` is its quote),
 * escapes skipped; `text.length` when it does not close. Jumps from quote to quote with the
 * native search (most of a record's characters are in its strings); a quote after an odd run
 * of backslashes is escaped.
 */
export function closingQuote(text: string, i: number): number {
  for (let q = text.indexOf('"', i + 1); q >= 0; q = text.indexOf('"', q + 1)) {
    let b = q - 1;
    while (text.charCodeAt(b) === BACKSLASH) b--;
    if ((q - 1 - b) % 2 === 0) return q;
  }
  return text.length;
}

/**
 * Whether the member name whose quotes are at `open` and `close` is `token`: compared in place
 * (no string made per member walked past), decoded only when it has an escape.
 */
function keyIs(text: string, open: number, close: number, token: string): boolean {
  for (let k = open + 1; k < close; k++) {
    if (text.charCodeAt(k) === BACKSLASH)
      return (JSON.parse(text.slice(open, close + 1)) as string) === token;
  }
  return close - open - 1 === token.length && text.startsWith(token, open + 1);
}

function firstNonSpace(text: string, from: number): number {
  let i = from;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === SPACE || c === TAB || c === LF || c === CR) i++;
    else return i;
  }
}
