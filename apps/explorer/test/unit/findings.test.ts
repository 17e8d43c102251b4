import { describe, expect, it } from "vitest";
import { groupFindings } from "../../src/logic/findings";

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
