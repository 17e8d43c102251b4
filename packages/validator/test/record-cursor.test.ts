/**
 * A record the byte-level fast path accepted reaches the rules as bytes, decoded only if a rule
 * asks for a position. Every forward reference asks where its id is in the record; on one ASCII
 * line that is answered from the bytes. These cases hold it to the decoded text's answer.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scanRecord } from "../src/fast-path";
import { DEFAULT_LIMITS } from "../src/options";
import { indexOfAscii, RecordCursor } from "../src/record-cursor";
import { scanStringQuote, scanStrings } from "../src/scan-strings";
import { type VersionModule, versionModule } from "../src/versions";

const start = { line: 7, column: 1, offset: 5000 };

function cursors(text: string): [RecordCursor, RecordCursor] {
  const bytes = new TextEncoder().encode(text);
  const ascii = bytes.every((b) => b < 0x80);
  const fromText = new RecordCursor(DEFAULT_LIMITS);
  fromText.reset(text, start, 3, "ev:1", ascii);
  const fromBytes = new RecordCursor(DEFAULT_LIMITS);
  fromBytes.resetBytes(bytes, start, 3, "ev:1", ascii);
  return [fromText, fromBytes];
}

describe("locateString on a record's bytes", () => {
  const record =
    '{"type":"event","id":"ev:1","kind":"meeting","relations":[{"event":"ev:2","kind":"follows"},{"event":"ev:3","kind":"follows"},{"event":"ev:2","kind":"prepares"}],"formats":[{"format":"fmt:ev:3x","link":"held-in"}]}';
  const cases: [string, string][] = [
    ["/relations/1/event", "ev:3"], // once: found by search
    ["/relations/2/event", "ev:2"], // twice: found by its pointer
    ["/formats/0/format", "fmt:ev:3x"],
    ["/relations/0/event", "ev:absent"], // not in the text: its pointer
    ["/relations/0/event", "ev:ü"], // not ASCII: in no ASCII text
  ];

  it.each(cases)("%s = %s: the same position from the bytes as from the text", (pointer, value) => {
    const [fromText, fromBytes] = cursors(record);
    expect(fromBytes.locateString(pointer, value)).toEqual(fromText.locateString(pointer, value));
  });

  it("positions a record with other characters from its decoded text, as before", () => {
    const text = '{"type":"event","id":"ev:1","title":"Встреча","relations":[{"event":"ev:2"}]}';
    const [fromText, fromBytes] = cursors(text);
    const at = fromBytes.locateString("/relations/0/event", "ev:2");
    expect(at).toEqual(fromText.locateString("/relations/0/event", "ev:2"));
    // Columns count characters, not bytes: the Cyrillic title is 7 characters, 14 bytes.
    expect(at.column).toBe(text.indexOf('"ev:2"') + 1);
  });

  it("finds ASCII text in bytes as String.indexOf does", () => {
    const text = 'ab"ev:1" "ev:1"x"e';
    const bytes = new TextEncoder().encode(text);
    for (const needle of ['"ev:1"', '"e', "x", "zz", text, `${text}!`])
      for (const from of [0, 3, 9, 17])
        expect(indexOfAscii(bytes, needle, from), `${needle} from ${from}`).toBe(
          text.indexOf(needle, from),
        );
  });
});

/**
 * A record the scanner accepted also left a note of where each string it made starts
 * (scan-strings.ts), and `locateString` answers from it when the string was made once. That
 * must be the position the text gives for every string of every record: strings made once,
 * made twice (a reference repeated), not made at all (texts no rule reads), escaped ones.
 */
describe("locateString from the scanner's notes", () => {
  const mod = versionModule("1.2") as VersionModule;
  const repeated =
    '{"type":"event","id":"event:r","kind":"meeting","date":{"value":"2024-01-05"},"participants":[{"person":"person:a","role":"host"},{"person":"person:b"},{"person":"person:a"}],"citations":[{"source":"source:\\u0078","certainty":"reported"}]}';
  // The same with characters of two, three and four bytes (one and two UTF-16 units) before them.
  const wide = repeated.replace(
    '"kind":"meeting"',
    '"kind":"meeting","title":"Встреча — 🤝 in Astana"',
  );
  const seed = readFileSync(
    join(__dirname, "..", "..", "..", "examples", "seed", "seed.ndjson"),
    "utf8",
  )
    .split("\n")
    .slice(1)
    .filter((line) => line.trim());

  function strings(value: unknown, pointer: string, out: [string, string][]): [string, string][] {
    if (typeof value === "string") out.push([pointer, value]);
    else if (value !== null && typeof value === "object")
      for (const [k, v] of Object.entries(value))
        strings(v, `${pointer}/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`, out);
    return out;
  }

  it("gives the text's position for every string of the seed and of a record repeating one", () => {
    let noted = 0;
    for (const text of [...seed, repeated, wide]) {
      const bytes = new TextEncoder().encode(text);
      const ascii = bytes.every((b) => b < 0x80);
      for (const [pointer, value] of strings(JSON.parse(text), "", [])) {
        // A fresh scan per string: the notes are the last scanned record's.
        expect(scanRecord(mod, bytes, DEFAULT_LIMITS.maxDepth), text.slice(0, 60)).toBeDefined();
        const fromBytes = new RecordCursor(DEFAULT_LIMITS);
        fromBytes.resetBytes(bytes, start, 3, undefined, ascii);
        const fromText = new RecordCursor(DEFAULT_LIMITS);
        fromText.reset(text, start, 3, undefined, ascii);
        expect(
          fromBytes.locateString(pointer, value),
          `${pointer} in ${text.slice(0, 60)}`,
        ).toEqual(fromText.locateString(pointer, value));
        if (scanStringQuote(value, scanStrings.serial) >= 0) noted++;
      }
    }
    expect(noted).toBeGreaterThan(50);
  });

  it("ignores the notes of another record's scan", () => {
    const bytes = new TextEncoder().encode(repeated);
    scanRecord(mod, bytes, DEFAULT_LIMITS.maxDepth);
    const cursor = new RecordCursor(DEFAULT_LIMITS);
    cursor.resetBytes(bytes, start, 3, undefined, true);
    // Another record with the same value three bytes further on (a longer id before it).
    const other = new TextEncoder().encode(repeated.replace('"event:r"', '"event:rrrr"'));
    expect(scanRecord(mod, other, DEFAULT_LIMITS.maxDepth)).toBeDefined();
    // The notes now say where "person:b" is in that record; the cursor's own record has it three
    // bytes earlier, which a stale note would miss.
    expect(cursor.locateString("/participants/1/person", "person:b").offset).toBe(
      start.offset + repeated.indexOf('"person:b"'),
    );
  });
});
