/**
 * The scanner target: compiles a version's JSON Schema into a validator that checks one NDJSON
 * record while scanning its UTF-8 bytes — no decoding of the line, no `JSON.parse`, no objects
 * unless asked for. It is the validator's byte-level fast path (issue #12, item 1).
 *
 * Like simdjson's on-demand API, the generated code walks the bytes in the order the schema
 * expects and materialises only what the caller asks for: the caller passes a *want* tree (which
 * members of the record it needs: the dataset rules' type, id, references and dates) and gets a
 * projection of the record holding just those, built from the bytes. Like typia or ajv's
 * standalone code, every schema node becomes a straight-line function; keys are matched by
 * length and bytes, required members by bit masks, duplicate members by the same masks.
 *
 * The scanner decides only what it can prove. It returns "undecided" (undefined) for a record
 * that is invalid OR that uses a construct it does not handle (an escaped key, a `\u` surrogate
 * escape, nesting beyond the depth limit, invalid UTF-8, a duplicate key); the caller then takes
 * the exact path (parse, explain, positions), so findings never depend on the scanner.
 *
 * Soundness inside unions: a branch that fails on an unhandled construct might really be
 * valid, so it sets the runtime's `tok.abort`, which makes the whole record undecided — a
 * `oneOf` never counts "exactly one" from a branch it could not decide.
 */

import { needsUnicodeFlag } from "./emit-checker";
import { ConstantNames, type Schema, SchemaWalk } from "./schema-walk";

export interface ScannerSchemas {
  version: string;
  record: Schema;
}

/** `a.b` or `a["x-y"]`: reading a member of a want node by name. */
function member(object: string, name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)
    ? `${object}.${name}`
    : `${object}[${JSON.stringify(name)}]`;
}

/**
 * `B[k] === 100 && B[k + 1] === 97 …`: the bytes of an ASCII name at offset `k`, from its
 * character `from` on (the ones before are known already, e.g. a first byte switched on).
 */
function byteCompares(at: string, name: string, from = 0): string[] {
  return [...name]
    .map((c, k) => `B[${k === 0 ? at : `${at} + ${k}`}] === ${c.charCodeAt(0)}`)
    .slice(from);
}

function bytesEqual(at: string, name: string): string {
  return byteCompares(at, name).join(" && ");
}

/**
 * After a member name: optional whitespace, `:`, optional whitespace (`i` at the value).
 * Compact NDJSON has none: one byte read, one compare.
 */
function colon(indent: string): string[] {
  return [
    `${indent}if (B[i] !== 0x3a) { i = ws(B, i); if (B[i] !== 0x3a) return -1; }`,
    `${indent}i++;`,
    `${indent}if ((B[i] as number) <= 0x20) i = ws(B, i);`,
  ];
}

/** Keeps an array's item `x`: the first four in locals v0..v3, then in `a` (see `items`). */
function keepItem(x: string): string {
  return `const x = ${x}; if (n === 0) v0 = x; else if (n === 1) v1 = x; else if (n === 2) v2 = x; else if (n === 3) v3 = x; else if (n === 4) a = [v0, v1, v2, v3, x]; else (a as unknown[]).push(x);`;
}

/**
 * After an item or member value ending at `from`: optional whitespace, then `,` (`i` moves to
 * the next one: continue) or the closing bracket `close` (break; `i` at it).
 */
function separator(from: string, close: string, indent: string): string[] {
  return [
    `${indent}let c = B[${from}] as number;`,
    ...(from === "i" ? [] : [`${indent}i = ${from};`]),
    `${indent}if (c <= 0x20) { i = ws(B, i); c = B[i] as number; }`,
    `${indent}if (c === 0x2c) { i++; if ((B[i] as number) <= 0x20) i = ws(B, i); continue; }`,
    `${indent}if (c === ${close}) break;`,
    `${indent}return -1;`,
  ];
}

export function compileScanner({ version, record }: ScannerSchemas, fileHeader: string): string {
  const walk = new SchemaWalk(record);
  const lines: string[] = [];
  const names = new Map<Schema, string>();
  const bodies = new Map<string, string>();
  const regexes = new ConstantNames("RE");
  /** Enumerations (as JSON) → name of their byte set. */
  const enums = new ConstantNames("SET");
  let counter = 0;

  /** Name of a function `(B, i, d, w) => end | -1` scanning a value of `node` that starts at `i`. */
  function fn(input: Schema): string {
    const { node, defName } = walk.resolve(input);
    const existing = names.get(node);
    if (existing) return existing;
    const name = defName ? `s_${defName.replace(/[^A-Za-z0-9_]/g, "_")}` : `s${counter++}`;
    names.set(node, name);
    const body = compile(node, defName);
    // Many leaves compile to the same code (every id, every non-empty string): one function
    // each. Not for a body that calls itself (a recursive schema).
    const same = bodies.get(body);
    if (same && !body.includes(`${name}(`)) {
      names.set(node, same);
      return same;
    }
    bodies.set(body, name);
    lines.push(
      `function ${name}(B: Uint8Array, i: number, d: number, w: any): number {\n${body}\n}`,
    );
    return name;
  }

  function compile(node: Schema, defName: string | undefined): string {
    const out: string[] = [];
    const shape = walk.shape(node);
    switch (shape.kind) {
      case "union": {
        const { branches } = shape;
        // The `type` values are matched as bytes: plain ASCII only.
        const table = shape.byType?.every(
          ([v]) => /^[\x20-\x7e]+$/.test(v) && !v.includes('"') && !v.includes("\\"),
        )
          ? shape.byType
          : undefined;
        if (table) {
          // Dispatch on the `type` member's bytes (found wherever it is in the object).
          out.push("  const t = discriminant(B, i, d, MAXD);");
          out.push("  if (t < 0) return -1;");
          out.push("  const tl = tok.e - t;");
          for (const [value, branch] of table) {
            out.push(
              `  if (tl === ${value.length} && ${bytesEqual("t", value)}) return ${fn(branch)}(B, i, d, w);`,
            );
          }
          out.push("  return -1;");
        } else if (shape.one) {
          out.push("  let hits = 0;");
          out.push("  let end = -1;");
          out.push("  let kept: unknown;");
          out.push("  let r: number;");
          for (const branch of branches) {
            out.push(`  r = ${fn(branch)}(B, i, d, w); if (r >= 0) { hits++; end = r; kept = V; }`);
          }
          out.push("  if (tok.abort || hits !== 1) return -1;");
          out.push("  V = kept;");
          out.push("  return end;");
        } else {
          out.push("  let r: number;");
          for (const branch of branches)
            out.push(`  r = ${fn(branch)}(B, i, d, w); if (r >= 0) return r;`);
          out.push("  return -1;");
        }
        break;
      }
      case "closedObject":
        compileObject(out, shape.properties, shape.required, defName);
        break;
      case "openObject":
        out.push("  if (B[i] !== 0x7b) return -1;");
        out.push("  const j = anyValue(B, i, d, MAXD);");
        out.push("  if (j >= 0 && w !== undefined) V = parsedValue(B, i, j);");
        out.push("  return j;");
        break;
      case "array": {
        const item = shape.items ? fn(shape.items) : undefined;
        out.push("  if (B[i] !== 0x5b) return -1;");
        out.push("  if (d > MAXD) { tok.abort = true; return -1; }");
        out.push('  const wi = w === undefined ? undefined : w === 1 ? 1 : w["*"];');
        // The first items in locals, the array made at its length at the end: a projection's
        // arrays hold a few items, and `[].push` gives each a store of 17 (~120 bytes wasted).
        out.push("  const keep = w !== undefined;");
        out.push("  let v0: unknown, v1: unknown, v2: unknown, v3: unknown;");
        out.push("  let a: unknown[] | undefined;");
        out.push("  let n = 0;");
        out.push("  i++;");
        out.push("  if ((B[i] as number) <= 0x20) i = ws(B, i);");
        out.push("  if (B[i] !== 0x5d)");
        out.push("    for (;;) {");
        if (item) {
          out.push(`      const j = ${item}(B, i, d + 1, wi);`);
          out.push("      if (j < 0) return -1;");
          out.push(`      if (keep) { ${keepItem("wi === undefined ? null : V")} }`);
        } else {
          out.push("      const j = anyValue(B, i, d + 1, MAXD);");
          out.push("      if (j < 0) return -1;");
          out.push(
            `      if (keep) { ${keepItem("wi === undefined ? null : parsedValue(B, i, j)")} }`,
          );
        }
        out.push("      n++;");
        out.push(...separator("j", "0x5d", "      "));
        out.push("    }");
        if (shape.minItems !== undefined) out.push(`  if (n < ${shape.minItems}) return -1;`);
        if (shape.maxItems !== undefined) out.push(`  if (n > ${shape.maxItems}) return -1;`);
        out.push("  V = keep ? items(n, v0, v1, v2, v3, a) : undefined;");
        out.push("  return i + 1;");
        break;
      }
      case "string": {
        out.push("  if (B[i] !== 0x22) return -1;");
        out.push("  const j = str(B, i);");
        out.push("  if (j < 0) return -1;");
        if (shape.minLength !== undefined) {
          out.push(
            shape.minLength === 1
              ? "  if (tok.e === tok.s) return -1;"
              : `  if (codePoints(B) < ${shape.minLength}) return -1;`,
          );
        }
        if (shape.maxLength !== undefined)
          out.push(`  if (codePoints(B) > ${shape.maxLength}) return -1;`);
        if (shape.country) out.push("  if (!isCountry(B)) return -1;");
        // Enumerations and constants are compared as bytes: no string is made for them.
        const values = shape.enum
          ? (shape.enum as string[])
          : shape.const !== undefined
            ? [shape.const as string]
            : undefined;
        const ascii = values?.every((v) => typeof v === "string" && /^[\x20-\x7e]*$/.test(v));
        if (values && !ascii)
          throw new Error(`enumeration of non-ASCII strings: ${JSON.stringify(values)}`);
        if (values) out.push(`  if (!inSet(B, ${enums.of(JSON.stringify(values))})) return -1;`);
        // A pattern is decided on the bytes (no string made; see byte-pattern.ts), and so is a
        // plain URL (hasFormat); other formats need the text.
        if (shape.pattern !== undefined)
          out.push(`  if (!matches(B, ${regexes.of(shape.pattern)})) return -1;`);
        if (shape.format !== undefined) {
          out.push(`  if (!hasFormat(B, ${JSON.stringify(shape.format)})) return -1;`);
          out.push("  if (w !== undefined) V = text(B);");
        } else if (values || shape.country) {
          // The member of the code list that matched: one string per member, not per record.
          out.push("  if (w !== undefined) V = member();");
        } else {
          out.push("  if (w !== undefined) V = text(B);");
        }
        out.push("  return j;");
        break;
      }
      case "number": {
        const bounds: string[] = [];
        if (shape.minimum !== undefined) bounds.push(`x < ${shape.minimum}`);
        if (shape.maximum !== undefined) bounds.push(`x > ${shape.maximum}`);
        if (shape.exclusiveMinimum !== undefined) bounds.push(`x <= ${shape.exclusiveMinimum}`);
        if (shape.exclusiveMaximum !== undefined) bounds.push(`x >= ${shape.exclusiveMaximum}`);
        out.push("  const j = num(B, i);");
        out.push("  if (j < 0) return -1;");
        // The number's value is computed only when something needs it: a bound, the capture,
        // or an integer spelled with a fraction, an exponent or too many digits to be exact.
        const integer = shape.integer ? " || tok.fraction || j - i > 15" : "";
        const checks = [...(shape.integer ? ["!Number.isInteger(x)"] : []), ...bounds].map(
          (check) => `    if (${check}) return -1;`,
        );
        if (bounds.length) {
          out.push("  const x = numberAt(B, i, j);");
          out.push(...checks.map((line) => line.slice(2)));
          out.push("  if (w !== undefined) V = x;");
        } else {
          out.push(`  if (w !== undefined${integer}) {`);
          out.push("    const x = numberAt(B, i, j);");
          out.push(...checks);
          out.push("    V = x;");
          out.push("  }");
        }
        out.push("  return j;");
        break;
      }
      case "boolean":
        out.push("  const j = bool(B, i);");
        out.push("  if (j >= 0 && w !== undefined) V = B[i] === 0x74;");
        out.push("  return j;");
        break;
      case "any":
        out.push("  const j = anyValue(B, i, d, MAXD);");
        out.push("  if (j >= 0 && w !== undefined) V = parsedValue(B, i, j);");
        out.push("  return j;");
        break;
    }
    return out.join("\n");
  }

  /**
   * A closed object: keys matched by length then bytes; each known member once (a bit per
   * member: a duplicate is undecided, the exact path reports it); unknown members undecided.
   */
  function compileObject(
    out: string[],
    entries: Array<[string, Schema]>,
    required: string[],
    defName: string | undefined,
  ): void {
    for (const [prop] of entries) {
      if (!/^[\x20-\x7e]+$/.test(prop) || prop.includes('"') || prop.includes("\\"))
        throw new Error(`property name '${prop}' is not plain ASCII: not scanned`);
    }
    const words = Math.max(1, Math.ceil(entries.length / 30));
    const bit = (k: number) => ({ word: Math.floor(k / 30), mask: 1 << (k % 30) });
    const partialDate = defName === "PartialDate" && entries.some(([prop]) => prop === "value");
    out.push("  if (B[i] !== 0x7b) return -1;");
    out.push("  if (d > MAXD) { tok.abort = true; return -1; }");
    out.push("  const o: Record<string, unknown> | undefined = w === undefined ? undefined : {};");
    for (let k = 0; k < words; k++) out.push(`  let seen${k} = 0;`);
    if (partialDate) out.push('  let day = "";');
    out.push("  let wp: any;");
    out.push("  i++;");
    out.push("  if ((B[i] as number) <= 0x20) i = ws(B, i);");
    out.push("  if (B[i] !== 0x7d)");
    out.push("    for (;;) {");
    out.push("      if (B[i] !== 0x22) return -1;");
    out.push("      const ks = i + 1;");
    // A member name is matched on its bytes, closing quote included, in one pass: a switch on
    // its first byte, then the rest of each name starting with it. A name matching none is
    // unknown (the object is closed: not valid) or escaped (see `unknownKey`).
    out.push("      switch (B[ks]) {");
    const byFirst = new Map<number, Array<[number, string, Schema]>>();
    entries.forEach(([prop, schema], k) => {
      const first = prop.charCodeAt(0);
      const list = byFirst.get(first) ?? [];
      list.push([k, prop, schema]);
      byFirst.set(first, list);
    });
    for (const [first, list] of [...byFirst].sort((a, b) => a[0] - b[0])) {
      out.push(`        case ${first}:`);
      for (const [k, prop, schema] of list) {
        const { word, mask } = bit(k);
        const after = partialDate && prop === "value" ? " day = lateDay(B);" : "";
        // The name's first byte was switched on; the rest, then its closing quote.
        const rest = byteCompares("ks", prop, 1);
        rest.push(`B[ks + ${prop.length}] === 0x22`);
        out.push(`          if (${rest.join(" && ")}) {`);
        out.push(`            if (seen${word} & ${mask}) return -1;`);
        out.push(`            seen${word} |= ${mask};`);
        out.push(`            i = ks + ${prop.length + 1};`);
        out.push(...colon("            "));
        out.push(
          `            wp = w === undefined ? undefined : w === 1 ? 1 : ${member("w", prop)};`,
        );
        out.push(`            i = ${fn(schema)}(B, i, d + 1, wp);`);
        out.push("            if (i < 0) return -1;");
        out.push(
          `            if (wp !== undefined) ${member("(o as Record<string, unknown>)", prop)} = V;${after}`,
        );
        out.push("            break;");
        out.push("          }");
      }
      out.push("          return unknownKey(B, ks);");
    }
    out.push("        default:");
    out.push("          return unknownKey(B, ks);");
    out.push("      }");
    out.push(...separator("i", "0x7d", "      "));
    out.push("    }");
    const masks = new Array<number>(words).fill(0);
    entries.forEach(([prop], k) => {
      if (!required.includes(prop)) return;
      const { word, mask } = bit(k);
      masks[word] = (masks[word] as number) | mask;
    });
    masks.forEach((mask, word) => {
      if (mask) out.push(`  if ((seen${word} & ${mask}) !== ${mask}) return -1;`);
    });
    if (partialDate) {
      // Days 1-28 exist in every month: only days 29-31 need the calendar (as the checker).
      out.push(
        "  if (day.length === 10 && day.charCodeAt(8) >= 50 && day.charCodeAt(9) + (day.charCodeAt(8) - 48) * 10 >= 77 && !isRealPartialDate(day)) return -1;",
      );
    }
    out.push("  V = o;");
    out.push("  return i + 1;");
  }

  const rootFn = fn(record);
  const regexLines = regexes
    .entries()
    .map(
      ([pattern, name]) =>
        `const ${name} = pattern(${JSON.stringify(pattern)}${needsUnicodeFlag(pattern) ? ', "u"' : ""});`,
    );
  for (const [values, name] of enums.entries())
    regexLines.push(`const ${name} = byteSet(${values});`);

  return `${fileHeader}/* Parley ${version}: byte-level record scanner (the validator's NDJSON fast path). */
import { anyValue, begin, bool, byteSet, codePoints, discriminant, hasFormat, inSet, isCountry, isRealPartialDate, items, lateDay, matches, member, num, numberAt, parsedValue, pattern, str, text, tok, unknownKey, ws } from "../../scan-runtime";

export const VERSION = ${JSON.stringify(version)};

/** Deepest container allowed (the configured limit). */
let MAXD = 64;
/** The value a scanning function captured (when its want node asked for one). */
let V: unknown;

${regexLines.join("\n")}

${lines.join("\n\n")}

/**
 * Scans one record (\`bytes\`: its UTF-8 text). Returns undefined when the record is not proven
 * valid for Parley ${version} — invalid, or beyond what the scanner decides — and the caller takes
 * the exact path. Otherwise returns the projection \`want\` asks for: for each member named in
 * the want tree (\`{ id: 1, date: { value: 1 }, participants: { "*": { person: 1 } } }\`), its
 * value (1: the whole value); arrays keep their length (items not wanted are null).
 */
export function scanRecord(bytes: Uint8Array, maxDepth: number, want: unknown): Record<string, unknown> | undefined {
  const B = bytes;
  MAXD = maxDepth;
  begin();
  let i = ws(B, 0);
  i = ${rootFn}(B, i, 1, want);
  if (i < 0 || tok.abort) return undefined;
  if (ws(B, i) !== B.length) return undefined;
  return V as Record<string, unknown>;
}
`;
}
