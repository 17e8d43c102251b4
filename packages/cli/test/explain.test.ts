import { getRule, RULES } from "@parley/validator";
import { describe, expect, it } from "vitest";
import { parley, STACK_LINE } from "./helpers";

// `parley explain` prints the validator's rule catalogue; it must show each rule's own examples
// (the catalogue is the single source) and fail like every other usage error.

describe("parley explain", () => {
  it("prints a rule's purpose, default severity, versions and both examples (exit 0)", async () => {
    const rule = getRule("ref-dangling");
    expect(rule).toBeDefined();
    if (!rule) return;
    const { code, stdout } = await parley(["explain", "ref-dangling"]);
    expect(code).toBe(0);
    expect(stdout).toContain(`ref-dangling  ${rule.defaultSeverity} by default · ${rule.category}`);
    expect(stdout).toContain(rule.title);
    expect(stdout.replace(/\s+/g, " ")).toContain(rule.description.replace(/\s+/g, " "));
    for (const line of rule.validExample.trimEnd().split("\n"))
      expect(stdout).toContain(`    ${line}`);
    for (const line of rule.invalidExample.trimEnd().split("\n"))
      expect(stdout).toContain(`    ${line}`);
    expect(stdout.indexOf("Valid")).toBeLessThan(stdout.indexOf("Invalid"));
  });

  it("shows byte-level rules' invalid input as hex", async () => {
    const rule = RULES.find((r) => r.invalidExampleHex !== undefined);
    expect(rule).toBeDefined();
    if (!rule?.invalidExampleHex) return;
    const { stdout } = await parley(["explain", rule.id]);
    expect(stdout).toContain(rule.invalidExampleHex);
  });

  it("gives an invalid example that `parley validate` really flags with that rule", async () => {
    // The example printed to users must be true: feed it back through the validator.
    const rule = getRule("ref-dangling");
    if (!rule) throw new Error("ref-dangling is not in the catalogue");
    const invalid = await parley(["validate", "-", "--format", "json"], {
      stdin: rule.invalidExample,
    });
    expect(invalid.code).toBe(1);
    expect(JSON.parse(invalid.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toContain(
      "ref-dangling",
    );
    const valid = await parley(["validate", "-", "--format", "json"], { stdin: rule.validExample });
    expect(JSON.parse(valid.stdout).summary.byRule["ref-dangling"]).toBeUndefined();
  });

  it("lists every rule when no rule is named", async () => {
    const { code, stdout } = await parley(["explain"]);
    expect(code).toBe(0);
    for (const rule of RULES)
      expect(stdout).toMatch(new RegExp(`^  ${rule.id} +${rule.defaultSeverity}`, "m"));
  });

  it("rejects an unknown rule with exit 2 and a suggestion, without a stack trace", async () => {
    const { code, stdout, stderr } = await parley(["explain", "ref-dangeling"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("unknown rule 'ref-dangeling' (did you mean 'ref-dangling'?)");
    expect(stderr).toContain("Run 'parley explain' for the list of rules.");
    expect(stderr).not.toMatch(STACK_LINE);
  });
});
