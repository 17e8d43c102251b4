/**
 * The byte-level fast path (src/generated/scan/) decides a record without parsing it, and hands
 * the dataset rules a projection of it instead of the record. Both are only safe if they agree
 * with the exact path (JSON.parse, the compiled checker, the explaining interpreter, the precise
 * tokenizer). If the scanner accepted what the exact path reports, a broken record would pass
 * silently; if its projection differed from what the exact path extracts, a dataset rule would
 * see different facts. This proves, on the whole conformance corpus of every version, the seed
 * and thousands of fuzzed records (mutated values, spacing, escapes, flipped bytes):
 *
 * - the scanner says valid ⇒ the exact path finds nothing wrong with the record;
 * - the exact path finds nothing wrong ⇒ the scanner says valid, unless the record uses one of
 *   the constructs the scanner leaves to the exact path (an escaped member name, a `\u`
 *   surrogate escape);
 * - for every record the scanner accepts, its projection equals the exact path's
 *   `project(JSON.parse(line), want)`, and every top-level string member the rules may read
 *   from the bytes instead (`topLevelString`: a quote's text, left out of the projection) is
 *   the parsed record's.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { project, ruleWant } from "../src/dataset/reads";
import { Run } from "../src/engine";
import { lastRecordWasAscii, scanRecord } from "../src/fast-path";
import { VERSION_MODULES } from "../src/generated/versions.gen";
import { getRule } from "../src/rules";
import { topLevelString } from "../src/scan-runtime";
import { corpusLines, seedRecordsFor } from "./helpers";
import { editByte, mutation } from "./mutations";

const encoder = new TextEncoder();
const strict = new TextDecoder("utf-8", { fatal: true });

/** The exact path's verdict on one NDJSON line: no finding about the record itself. */
function exactVerdict(run: Run, bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = strict.decode(bytes);
  } catch {
    return false; // the reader reports input-encoding and skips the line
  }
  run.record(text, { line: 2, column: 1, offset: 0 }, 0, text.length === bytes.length);
  const findings = run.drain();
  return !findings.some((f) => getRule(f.ruleId)?.category !== "dataset");
}

/**
 * The record with the first letter of each top-level string value but `type` written as a `\u`
 * escape (the scanner dispatches on `type`'s bytes: an escaped type is left to the exact path).
 */
function escapeTopLevelStrings(line: string): string | undefined {
  const record = JSON.parse(line) as unknown;
  if (record === null || typeof record !== "object" || Array.isArray(record)) return undefined;
  const members = Object.entries(record).map(
    ([name, value]) =>
      `${JSON.stringify(name)}:${
        typeof value === "string" && name !== "type"
          ? JSON.stringify(value).replace(
              /^"([a-zA-Z])/,
              (_, c: string) => `"\\u00${c.charCodeAt(0).toString(16)}`,
            )
          : JSON.stringify(value)
      }`,
  );
  return `{${members.join(",")}}`;
}

/** Constructs the scanner leaves to the exact path on purpose (see emit-scanner.ts). */
function leftToExactPath(text: string): boolean {
  return /\\u[dD][89a-fA-F]/.test(text) || /"(?:[^"\\]|\\.)*\\(?:[^"\\]|\\.)*"\s*:/.test(text);
}

for (const [version, mod] of Object.entries(VERSION_MODULES)) {
  const scan = (bytes: Uint8Array, maxDepth: number, _want: unknown) =>
    scanRecord(mod, bytes, maxDepth);
  const want = ruleWant(mod);
  const run = new Run({ file: "agreement.ndjson" });
  run.format = "ndjson";
  run.setDeclaredVersion(version, { line: 1, column: 1, offset: 0 }, "/schemaVersion");

  let decided = 0;
  function check(bytes: Uint8Array): void {
    const fast = scan(bytes, 64, want);
    const exact = exactVerdict(run, bytes);
    const text = new TextDecoder().decode(bytes);
    if (fast !== undefined) {
      decided++;
      expect(exact, `scanner accepted what the exact path reports: ${text}`).toBe(true);
      expect(fast, `projection of ${text}`).toEqual(project(JSON.parse(text), want));
      // The cursor turns columns into byte offsets only when the record had no byte above 0x7f.
      expect(lastRecordWasAscii(), `ASCII verdict on ${text}`).toBe(bytes.every((b) => b < 0x80));
      // Every top-level member read from the bytes, as a rule reading one the projection left
      // out would (a name of each record's own, and one it does not have).
      const parsed = JSON.parse(text) as Record<string, unknown>;
      for (const name of [...Object.keys(parsed), "absent"]) {
        const value = parsed[name];
        expect(topLevelString(bytes, name), `${name} of ${text}`).toBe(
          typeof value === "string" ? value : undefined,
        );
      }
    } else if (exact && !leftToExactPath(text)) {
      expect.fail(`scanner left a valid record undecided: ${text}`);
    }
  }
  const checkText = (text: string) => check(encoder.encode(text));

  describe(`byte-level scanner and exact path agree (${version})`, () => {
    const lines = corpusLines(version);
    const seed = seedRecordsFor(version);

    it("on every record of the conformance corpus, compact and spaced", () => {
      expect(lines.length).toBeGreaterThan(60);
      decided = 0;
      for (const line of lines) {
        checkText(line);
        checkText(JSON.stringify(JSON.parse(line), null, 1).replace(/\n/g, " "));
        // Escaped values: the members read from the bytes are decoded as JSON.parse does.
        const escaped = escapeTopLevelStrings(line);
        if (escaped !== undefined) checkText(escaped);
      }
      // Not vacuous: the valid files of the corpus are decided by the scanner.
      expect(decided).toBeGreaterThan(20);
    });

    it("on every record of the seed (all decided)", () => {
      for (const record of seed) {
        const text = JSON.stringify(record);
        checkText(text);
        expect(scan(encoder.encode(text), 64, want), text).toBeDefined();
      }
    });

    it("on fuzzed records: mutated values, spacing, escapes", () => {
      const bases = [...seed, ...lines.map((line) => JSON.parse(line) as unknown)];
      fc.assert(
        fc.property(
          fc.constantFrom(...bases),
          fc.array(mutation, { minLength: 1, maxLength: 3 }),
          fc.constantFrom("compact", "spaced", "escaped"),
          (base, mutations, spelling) => {
            let record = structuredClone(base);
            for (const m of mutations) record = m(record);
            const compact = JSON.stringify(record);
            if (compact === undefined) return;
            checkText(
              spelling === "compact"
                ? compact
                : spelling === "spaced"
                  ? JSON.stringify(record, null, "\t").replace(/\n/g, " \r")
                  : compact.replace(/[a-z]/, (c) => `\\u00${c.charCodeAt(0).toString(16)}`),
            );
          },
        ),
        { numRuns: 3000, seed: 20261130 },
      );
    });

    it("on records with a byte flipped, inserted or deleted (syntax, UTF-8, duplicates)", () => {
      const bases = [...seed.map((r) => JSON.stringify(r)), ...lines];
      fc.assert(
        fc.property(
          fc.constantFrom(...bases),
          fc.nat(),
          fc.constantFrom(
            0x22,
            0x5c,
            0x2c,
            0x3a,
            0x7b,
            0x7d,
            0x5b,
            0x5d,
            0x20,
            0x00,
            0x30,
            0x2e,
            0x65,
            0x2d,
            0x80,
            0xc3,
            0xe2,
            0xed,
            0xf0,
            0xff,
            0x74,
            0x6e,
          ),
          fc.constantFrom("flip", "insert", "delete", "duplicate"),
          (line, pick, byte, how) => {
            const bytes = encoder.encode(line);
            const at = pick % bytes.length;
            let out: Uint8Array;
            if (how !== "duplicate") {
              out = editByte(bytes, at, byte, how);
            } else {
              // A member written twice: JSON.parse keeps the last, the exact path reports it.
              const m = /,("[a-zA-Z]+":("[^"\\]*"|\d+|true|false))/.exec(line.slice(at));
              if (!m) return;
              out = encoder.encode(`${line.slice(0, -1)},${m[1]}}`);
            }
            check(out);
          },
        ),
        { numRuns: 3000, seed: 1130 },
      );
    });
  });
}
