import { describe, expect, it } from "vitest";
import { clipLine, groupFindings } from "../../src/logic/findings";
import { frameFromWindow, frameToText } from "../../src/logic/frames";

describe("groupFindings", () => {
  it("puts error rules first, then the most frequent, each group in line order", () => {
    const groups = groupFindings([
      { ruleId: "format-members-participants", severity: "warning", message: "w", line: 1 },
      { ruleId: "schema-required", severity: "error", message: "b", line: 9, column: 2 },
      { ruleId: "reference-unresolved", severity: "error", message: "r", line: 5 },
      { ruleId: "schema-required", severity: "error", message: "a", line: 3, column: 1 },
      { ruleId: "format-members-participants", severity: "warning", message: "w2", line: 2 },
      { ruleId: "format-members-participants", severity: "warning", message: "w3", line: 4 },
    ]);
    expect(groups.map((g) => [g.ruleId, g.severity, g.findings.map((f) => f.line)])).toEqual([
      ["schema-required", "error", [3, 9]],
      ["reference-unresolved", "error", [5]],
      ["format-members-participants", "warning", [1, 2, 4]],
    ]);
  });

  it("shows a rule at its most severe level when configuration mixed them", () => {
    const [group] = groupFindings([
      { ruleId: "x", severity: "info", message: "" },
      { ruleId: "x", severity: "error", message: "" },
    ]);
    expect(group?.severity).toBe("error");
  });
});

describe("code frames", () => {
  const encode = (s: string) => new TextEncoder().encode(s);

  it("shows the line before, the finding's line with a caret, and the line after", () => {
    const text = 'line one\n{"id": 42, "kind": "meting"}\nline three\n';
    const offset = text.indexOf('"meting"');
    const frame = frameFromWindow(encode(text), 0, offset, 2);
    expect(frameToText(frame)).toBe(
      [
        "  1 | line one",
        '> 2 | {"id": 42, "kind": "meting"}',
        "    |                    ^",
        "  3 | line three",
      ].join("\n"),
    );
  });

  it("counts the caret in characters, not bytes, after non-ASCII text", () => {
    const text = '{"title": "Казахстан", "x": 1}';
    const offset = encode(text.slice(0, text.indexOf('"x"'))).length;
    const frame = frameFromWindow(encode(text), 0, offset, 1);
    expect(frame.caret).toBe(text.indexOf('"x"') + 1);
  });

  it("marks a line cut by the window and clips very long lines around the caret", () => {
    const long = `${"a".repeat(5000)}X${"b".repeat(5000)}`;
    const bytes = encode(long);
    const windowStart = 4000;
    const frame = frameFromWindow(bytes.subarray(windowStart, 6000), windowStart, 5000, 1, 40);
    const current = frame.lines.find((l) => l.current);
    expect(current?.text.startsWith("…")).toBe(true);
    expect(current?.text.endsWith("…")).toBe(true);
    expect(current?.text.length).toBeLessThanOrEqual(42);
    expect(current?.text[frame.caret - 1]).toBe("X");
  });

  it("clipLine leaves short lines alone", () => {
    expect(clipLine("short", 3)).toEqual({ text: "short", column: 3 });
  });
});
