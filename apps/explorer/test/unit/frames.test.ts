import { describe, expect, it } from "vitest";
import { lineFromWindow } from "../../src/logic/frames";

const encode = (s: string) => new TextEncoder().encode(s);

describe("lineFromWindow", () => {
  it("finds the finding's line and column among its neighbours", () => {
    const text = 'line one\n{"id": 42, "kind": "meting"}\r\nline three\n';
    const offset = encode(text.slice(0, text.indexOf('"meting"'))).length;
    expect(lineFromWindow(encode(text), 0, offset)).toEqual({
      text: '{"id": 42, "kind": "meting"}',
      column: 20,
      cut: false,
    });
  });

  it("counts the column in UTF-16 units, not bytes, after non-ASCII text", () => {
    // Validator positions are byte offsets; columns are what editors and SARIF count.
    const text = '{"title": "Казахстан", "x": 1}';
    const offset = encode(text.slice(0, text.indexOf('"x"'))).length;
    const line = lineFromWindow(encode(text), 0, offset);
    expect(line.column).toBe(text.indexOf('"x"') + 1);
    expect(line.text[line.column - 1]).toBe('"');
  });

  it("says when the window cut a very long line, keeping the column right inside the window", () => {
    const long = `${"a".repeat(5000)}X${"b".repeat(5000)}`;
    const windowStart = 4000;
    const line = lineFromWindow(encode(long).subarray(windowStart, 6000), windowStart, 5000);
    expect(line.cut).toBe(true);
    expect(line.text.length).toBe(2000);
    expect(line.text[line.column - 1]).toBe("X");
  });
});
