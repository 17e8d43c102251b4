import { describe, expect, it } from "vitest";
import { type GroupableFinding, groupFindings } from "../../src/logic/findings";

const at = (ruleId: string, severity: GroupableFinding["severity"], line: number, column = 1) => ({
  ruleId,
  severity,
  line,
  column,
});

describe("groupFindings", () => {
  it("puts error rules first, then the most frequent, each group in line order", () => {
    const groups = groupFindings([
      at("format-members-participants", "warning", 1),
      at("schema-required", "error", 9, 2),
      at("ref-dangling", "error", 5),
      at("schema-required", "error", 3),
      at("format-members-participants", "warning", 2),
      at("format-members-participants", "warning", 4),
      at("schema-required", "error", 9, 1),
    ]);
    expect(
      groups.map((g) => [g.ruleId, g.severity, g.findings.map((f) => `${f.line}:${f.column}`)]),
    ).toEqual([
      ["schema-required", "error", ["3:1", "9:1", "9:2"]],
      ["ref-dangling", "error", ["5:1"]],
      ["format-members-participants", "warning", ["1:1", "2:1", "4:1"]],
    ]);
  });

  it("shows a rule at its most severe level when configuration mixed them", () => {
    const [group] = groupFindings([at("x", "info", 1), at("x", "error", 2), at("x", "warning", 3)]);
    expect(group?.severity).toBe("error");
  });

  it("keeps every finding: the groups hold exactly the input", () => {
    const input = [at("a", "error", 1), at("b", "info", 2), at("a", "error", 3)];
    expect(groupFindings(input).flatMap((g) => g.findings)).toHaveLength(input.length);
  });
});
