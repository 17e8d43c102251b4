/**
 * The benchmark's WebAssembly figure is only worth printing if the WebAssembly scanner does
 * the work it claims: deciding, for each NDJSON line, that it is one well-formed JSON value in
 * well-formed UTF-8. Its verdict must be strict UTF-8 decoding + JSON.parse's, line by line, on
 * the conformance corpus, the seed, and lines with bytes flipped, inserted or deleted (which
 * break strings, escapes, numbers, literals, nesting and UTF-8 sequences).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a bench module in plain JavaScript, without types
import { structuralScanner } from "../bench/wasm/structural.mjs";
import { corpusLines, seedRecordsFor } from "./helpers";
import { editByte } from "./mutations";

const encoder = new TextEncoder();
const strict = new TextDecoder("utf-8", { fatal: true });

function exactVerdict(bytes: Uint8Array): boolean {
  try {
    JSON.parse(strict.decode(bytes));
    return true;
  } catch {
    return false;
  }
}

describe("the WebAssembly structural scanner agrees with JSON.parse", async () => {
  const scanner = (await structuralScanner(1000)) as {
    check(bytes: Uint8Array): { lines: number; wellFormed: number };
  };
  const one = (bytes: Uint8Array): boolean => {
    const { lines, wellFormed } = scanner.check(bytes);
    expect(lines).toBe(1);
    return wellFormed === 1;
  };
  const lines = [
    ...corpusLines("1.2"),
    ...seedRecordsFor("1.2").map((r) => JSON.stringify(r)),
    '{"a":[1,-0.5e+3,true,false,null,{}],"b":"\\u00e9\\n\\"","c":{"d":[]}}',
    ' [ 1 , "x" ] ',
    "12",
  ];

  it("on every line of the corpus and the seed", () => {
    for (const line of lines) {
      const bytes = encoder.encode(line);
      expect(one(bytes), line).toBe(exactVerdict(bytes));
    }
  });

  it("counts lines and well-formed ones in a chunk of many", () => {
    const text = `${lines.join("\n")}\n{"broken"\n\n{"a":1}\r\n`;
    const { lines: count, wellFormed } = scanner.check(encoder.encode(text));
    const nonEmpty = text.split("\n").filter((l) => l.replace(/\r$/, "") !== "");
    expect(count).toBe(nonEmpty.length);
    expect(wellFormed).toBe(
      nonEmpty.filter((l) => exactVerdict(encoder.encode(l.replace(/\r$/, "")))).length,
    );
  });

  it("on lines with a byte flipped, inserted or deleted", () => {
    const bases = lines.filter((l) => l.length > 2);
    fc.assert(
      fc.property(
        fc.constantFrom(...bases),
        fc.nat(),
        fc.constantFrom(0x22, 0x5c, 0x2c, 0x3a, 0x7b, 0x7d, 0x5b, 0x5d, 0x20, 0x00, 0x30, 0x2e),
        fc.constantFrom(0x65, 0x2d, 0x2b, 0x75, 0x80, 0xc3, 0xe2, 0xed, 0xf0, 0xff, 0x74, 0x6e),
        fc.constantFrom("flip", "insert", "delete"),
        (line, pick, a, b, how) => {
          const bytes = encoder.encode(line);
          const at = pick % bytes.length;
          const byte = pick % 2 ? a : b;
          const out = editByte(bytes, at, byte, how);
          // A line break or nothing left is not one line any more.
          if (out.includes(0x0a) || out.length === 0 || out.every((c) => c === 0x0d)) return;
          expect(one(out), new TextDecoder().decode(out)).toBe(exactVerdict(out));
        },
      ),
      { numRuns: 4000, seed: 1212 },
    );
  });
});
