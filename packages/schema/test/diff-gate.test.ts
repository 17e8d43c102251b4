import { describe, expect, it } from "vitest";
import { buildDiffReport, checkSchemaGate, diffJsonSchemas } from "../src/index";

/**
 * The gate is what stands between a pull request and a silent break of every published
 * dataset. Each case is a situation a contributor gets into, and what the gate must say.
 */
const v1 = {
  type: "object",
  properties: { id: { type: "string" } },
  required: ["id"],
  additionalProperties: false,
};
const compatibleNext = { ...v1, properties: { ...v1.properties, notAfter: { type: "string" } } };
const breakingNext = {
  ...v1,
  properties: { ...v1.properties, kind: { type: "string" } },
  required: ["id", "kind"],
};
const report = (from: string, to: string, next: object) =>
  buildDiffReport(from, to, diffJsonSchemas(v1, next as Record<string, unknown>));

describe("breaking-change gate", () => {
  it("passes while the working version is the released one (the immutability test guards it)", () => {
    expect(
      checkSchemaGate({ released: "1.0", working: "1.0", schemaBump: "none", migrationPath: [] })
        .ok,
    ).toBe(true);
  });

  it("passes a compatible change shipped as the next minor with a minor changeset and a migration step", () => {
    const result = checkSchemaGate({
      released: "1.0",
      working: "1.1",
      report: report("1.0", "1.1", compatibleNext),
      schemaBump: "minor",
      migrationPath: ["1.1"],
    });
    expect(result).toMatchObject({ ok: true, problems: [] });
  });

  it("fails a compatible change without a changeset, and says to add one", () => {
    const result = checkSchemaGate({
      released: "1.0",
      working: "1.1",
      report: report("1.0", "1.1", compatibleNext),
      schemaBump: "none",
      migrationPath: ["1.1"],
    });
    expect(result.ok).toBe(false);
    expect(result.problems.join("\n")).toMatch(/no changeset gives @parley\/schema a minor bump/);
    expect(result.advice.join("\n")).toMatch(/npx changeset.*minor/);
  });

  it("fails a breaking change in a minor version, naming what broke and both ways out", () => {
    const result = checkSchemaGate({
      released: "1.0",
      working: "1.1",
      report: report("1.0", "1.1", breakingNext),
      schemaBump: "minor",
      migrationPath: ["1.1"],
    });
    expect(result.ok).toBe(false);
    expect(result.problems.join("\n")).toContain(
      "required-field-added: $: required field 'kind' added",
    );
    const advice = result.advice.join("\n");
    expect(advice).toMatch(/make the change compatible/);
    expect(advice).toMatch(/SCHEMA_VERSION .* to 2\.0/);
    expect(advice).toMatch(/migration step 1\.0 → 2\.0/);
  });

  it("fails a breaking major version without a major changeset for @parley/schema", () => {
    const result = checkSchemaGate({
      released: "1.0",
      working: "2.0",
      report: report("1.0", "2.0", breakingNext),
      schemaBump: "minor",
      migrationPath: ["2.0"],
    });
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatch(
      /breaking changes without a major changeset for @parley\/schema \(pending bump: minor\)/,
    );
  });

  it("passes a breaking major version with a major changeset and a migration", () => {
    const result = checkSchemaGate({
      released: "1.0",
      working: "2.0",
      report: report("1.0", "2.0", breakingNext),
      schemaBump: "major",
      migrationPath: ["2.0"],
    });
    expect(result).toMatchObject({ ok: true, problems: [] });
  });

  it("fails a new version that no migration reaches", () => {
    const result = checkSchemaGate({
      released: "1.0",
      working: "2.0",
      report: report("1.0", "2.0", breakingNext),
      schemaBump: "major",
      migrationPath: undefined,
    });
    expect(result.problems).toEqual(["no migration path from 1.0 to 2.0"]);
  });

  it("fails a skipped version number and a version bump with nothing in it", () => {
    expect(
      checkSchemaGate({
        released: "1.0",
        working: "1.2",
        report: report("1.0", "1.2", compatibleNext),
        schemaBump: "minor",
        migrationPath: ["1.1", "1.2"],
      }).problems,
    ).toEqual(["a compatible release after 1.0 must be 1.1, not 1.2"]);
    expect(
      checkSchemaGate({
        released: "1.0",
        working: "1.1",
        report: report("1.0", "1.1", v1),
        schemaBump: "minor",
        migrationPath: ["1.1"],
      }).problems,
    ).toEqual(["SCHEMA_VERSION is 1.1 but its JSON Schemas are identical to 1.0's"]);
  });
});
