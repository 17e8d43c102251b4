/**
 * The precise JSON parser: slower than JSON.parse, used only for the records that need it
 * (invalid JSON, a duplicate-key suspicion, findings to position). It keeps the position of
 * every value and key, reports every duplicate key (JSON.parse silently keeps the last), stops
 * at a nesting limit instead of exhausting the stack, and stores `__proto__` keys as own data
 * properties so that they can never reach an object prototype.
 *
 * Indexes are UTF-16 code unit indexes into the text; `SourceMap` turns them into line,
 * column and byte offset.
 */

export interface ParseIssue {
  kind: "syntax" | "duplicate-key" | "depth" | "prototype-key" | "lone-surrogate";
  /** Index in the text where the problem is (the duplicate key, the offending character). */
  index: number;
  /** JSON Pointer (relative to the parsed value) of the value concerned. */
  pointer: string;
  message: string;
}

export interface PreciseParse {
  /** The value, last-wins for duplicate keys like JSON.parse; undefined after a syntax or depth error. */
  value: unknown;
  /** False after a syntax or depth error. */
  complete: boolean;
  issues: ParseIssue[];
  /** Pointer → index of the value's first character. */
  valueAt: Map<string, number>;
  /** Pointer → index of the member's key (for unknown-property findings). */
  keyAt: Map<string, number>;
  /** Number of quote characters that delimit strings (2 per key and string value); see fastpath. */
  quotes: number;
}

/** Member names reported as prototype-polluting (`prototype-key`); json/key-issues.ts looks for them too. */
export const PROTO_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/**
 * The nesting the tokenizer accepts for `maxDepth`: its recursion is bounded by the limit, and
 * beyond a few thousand levels the engine's stack could overflow, so it is capped there as well.
 */
export function depthLimitOf(maxDepth: number): number {
  return Math.min(maxDepth, 5000);
}

/** A surrogate code unit that is not half of a pair: JSON lets `\ud800` say it, Unicode has no such character. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** An escape that may spell a surrogate (\uD800–\uDFFF): only such text can hold a lone one. */
export const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F][0-9a-fA-F]{2}/;

function loneSurrogateMessage(s: string): string | undefined {
  const m = LONE_SURROGATE.exec(s);
  if (!m) return undefined;
  const code = m[0].charCodeAt(0).toString(16).toUpperCase();
  return `The string holds a lone surrogate (\\u${code}), which is not a Unicode character: UTF-8, CSV and most tools cannot keep it and turn it into U+FFFD`;
}

class Stop extends Error {}

/**
 * @param build Build the parsed value (default). Callers that already have it from JSON.parse
 *   and only want positions and issues pass false: nothing but the keys is kept then.
 */
export function parsePrecise(text: string, maxDepth: number, build = true): PreciseParse {
  const issues: ParseIssue[] = [];
  const valueAt = new Map<string, number>();
  const keyAt = new Map<string, number>();
  let i = 0;
  const n = text.length;
  const depthLimit = depthLimitOf(maxDepth);

  function fail(index: number, message: string): never {
    issues.push({ kind: "syntax", index, pointer: "", message });
    throw new Stop();
  }

  function describe(index: number): string {
    if (index >= n) return "end of input";
    const c = text[index] as string;
    const code = c.charCodeAt(0);
    return code < 0x20
      ? `control character U+${code.toString(16).padStart(4, "0").toUpperCase()}`
      : `'${c}'`;
  }

  function ws(): void {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
  }

  let surrogateEscapes = 0;

  /** Reports a lone surrogate in a string just read (only possible after a surrogate escape). */
  function checkSurrogates(value: string, index: number, pointer: string): void {
    if (surrogateEscapes === 0) return;
    surrogateEscapes = 0;
    const message = loneSurrogateMessage(value);
    if (message) issues.push({ kind: "lone-surrogate", index, pointer, message });
  }

  function str(): string {
    // at opening quote
    const start = i;
    i++;
    let out = "";
    let run = i;
    for (;;) {
      if (i >= n) fail(start, "Unterminated string (the input ends inside it)");
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(run, i);
        i++;
        return out;
      }
      if (c === 0x5c) {
        out += text.slice(run, i);
        const e = text[i + 1];
        switch (e) {
          case '"':
            out += '"';
            break;
          case "\\":
            out += "\\";
            break;
          case "/":
            out += "/";
            break;
          case "b":
            out += "\b";
            break;
          case "f":
            out += "\f";
            break;
          case "n":
            out += "\n";
            break;
          case "r":
            out += "\r";
            break;
          case "t":
            out += "\t";
            break;
          case "u": {
            const h = text.slice(i + 2, i + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(h))
              fail(i, "Invalid \\u escape: four hex digits expected");
            const code = Number.parseInt(h, 16);
            if (code >= 0xd800 && code <= 0xdfff) surrogateEscapes += 1;
            out += String.fromCharCode(code);
            i += 4;
            break;
          }
          default:
            fail(
              i,
              e === undefined
                ? "Unterminated string (the input ends inside it)"
                : `Invalid escape '\\${e}'`,
            );
        }
        i += 2;
        run = i;
        continue;
      }
      if (c < 0x20) fail(i, `Unescaped ${describe(i)} inside a string`);
      i++;
    }
  }

  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

  function value(pointer: string, depth: number): unknown {
    ws();
    valueAt.set(pointer, i);
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) {
      if (depth >= depthLimit) {
        issues.push({
          kind: "depth",
          index: i,
          pointer,
          message: `Nesting deeper than ${depthLimit} levels`,
        });
        throw new Stop();
      }
      return c === 0x7b ? object(pointer, depth + 1) : array(pointer, depth + 1);
    }
    if (c === 0x22) {
      quotes += 2;
      const start = i;
      const s = str();
      checkSurrogates(s, start, pointer);
      return s;
    }
    if (c === 0x74 && text.startsWith("true", i)) {
      i += 4;
      return true;
    }
    if (c === 0x66 && text.startsWith("false", i)) {
      i += 5;
      return false;
    }
    if (c === 0x6e && text.startsWith("null", i)) {
      i += 4;
      return null;
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) fail(i, "Invalid number");
      i += m[0].length;
      const next = text.charCodeAt(i);
      if ((next >= 0x30 && next <= 0x39) || next === 0x2e)
        fail(i, "Invalid number (leading zero or misplaced '.')");
      return Number(m[0]);
    }
    fail(
      i,
      i >= n
        ? "Unexpected end of input: the JSON is truncated"
        : `Unexpected ${describe(i)}: a JSON value was expected`,
    );
  }

  function object(pointer: string, depth: number): Record<string, unknown> {
    i++;
    const obj: Record<string, unknown> = {};
    // Without a value to build, duplicates are found among the keys seen (objects are small).
    const seen: string[] | undefined = build ? undefined : [];
    ws();
    if (text.charCodeAt(i) === 0x7d) {
      i++;
      return obj;
    }
    for (;;) {
      ws();
      if (text.charCodeAt(i) !== 0x22) {
        fail(
          i,
          i >= n
            ? "Unexpected end of input: the JSON is truncated"
            : `Unexpected ${describe(i)}: a property name in double quotes was expected`,
        );
      }
      const keyIndex = i;
      quotes += 2;
      const key = str();
      const child = `${pointer}/${key.includes("~") || key.includes("/") ? key.replace(/~/g, "~0").replace(/\//g, "~1") : key}`;
      checkSurrogates(key, keyIndex, child);
      if (seen ? seen.includes(key) : Object.hasOwn(obj, key)) {
        issues.push({
          kind: "duplicate-key",
          index: keyIndex,
          pointer: child,
          message: `Duplicate key '${key}': JSON.parse would silently keep only the last value`,
        });
      }
      if (PROTO_KEYS.has(key)) {
        issues.push({
          kind: "prototype-key",
          index: keyIndex,
          pointer: child,
          message: `Key '${key}' can pollute object prototypes in naive consumers; it is kept as plain data`,
        });
      }
      keyAt.set(child, keyIndex);
      ws();
      if (text.charCodeAt(i) !== 0x3a) {
        fail(
          i,
          i >= n
            ? "Unexpected end of input: the JSON is truncated"
            : `Unexpected ${describe(i)}: ':' was expected after the property name`,
        );
      }
      i++;
      const v = value(child, depth);
      // For __proto__, defineProperty, not assignment: `obj["__proto__"] = v` would replace
      // the prototype. Every other key is an ordinary own property.
      if (seen) seen.push(key);
      else if (key === "__proto__") {
        Object.defineProperty(obj, key, {
          value: v,
          writable: true,
          enumerable: true,
          configurable: true,
        });
      } else obj[key] = v;
      ws();
      const c = text.charCodeAt(i);
      if (c === 0x2c) {
        i++;
        continue;
      }
      if (c === 0x7d) {
        i++;
        return obj;
      }
      fail(
        i,
        i >= n
          ? "Unexpected end of input: the JSON is truncated"
          : `Unexpected ${describe(i)}: ',' or '}' was expected`,
      );
    }
  }

  function array(pointer: string, depth: number): unknown[] {
    i++;
    const arr: unknown[] = [];
    let count = 0;
    ws();
    if (text.charCodeAt(i) === 0x5d) {
      i++;
      return arr;
    }
    for (;;) {
      const item = value(`${pointer}/${count}`, depth);
      count++;
      if (build) arr.push(item);
      ws();
      const c = text.charCodeAt(i);
      if (c === 0x2c) {
        i++;
        continue;
      }
      if (c === 0x5d) {
        i++;
        return arr;
      }
      fail(
        i,
        i >= n
          ? "Unexpected end of input: the JSON is truncated"
          : `Unexpected ${describe(i)}: ',' or ']' was expected`,
      );
    }
  }

  let quotes = 0;
  let result: unknown;
  let complete = true;
  try {
    result = value("", 0);
    ws();
    if (i < n) fail(i, `Unexpected ${describe(i)} after the end of the JSON value`);
  } catch (error) {
    if (!(error instanceof Stop)) {
      if (error instanceof RangeError) {
        issues.push({ kind: "depth", index: i, pointer: "", message: "Nesting too deep to parse" });
      } else throw error;
    }
    complete = false;
    result = undefined;
  }
  return { value: result, complete, issues, valueAt, keyAt, quotes };
}
