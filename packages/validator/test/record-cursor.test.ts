/**
 * A record the byte-level fast path accepted reaches the rules as bytes, decoded only if a rule
 * asks for a position. Every forward reference asks where its id is in the record; on one ASCII
 * line that is answered from the bytes. These cases hold it to the decoded text's answer.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS } from "../src/options";
import { indexOfAscii, RecordCursor } from "../src/record-cursor";

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
