/**
 * The rule catalogue is what `parley explain` prints and what config files address: every
 * rule must have a valid example that passes and an invalid example that triggers exactly that
 * rule, or the documentation lies. Configuration and caps change what is reported, never what
 * is counted.
 */
import { SCHEMA_VERSIONS } from "@parley/schema";
import { describe, expect, it } from "vitest";
import { FindingsCollector } from "../src/findings-collector";
import { getRule, RULES, resolveSeverities, validate, validateRulesConfig } from "../src/index";
import { brief, hexToBytes, ndjson } from "./helpers";

describe("rule catalogue", () => {
  it("has unique ids in kebab case, with a title, a description and versions", () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^[a-z]+(-[a-z0-9]+)+$/);
      expect(rule.title.length).toBeGreaterThan(10);
      expect(rule.description.length).toBeGreaterThan(30);
      expect(rule.schemaVersions === "*" || rule.schemaVersions.length > 0).toBe(true);
    }
  });

  // A minor version keeps every rule of its major: `parley explain` must not tell a 1.1 user
  // that a rule stopped applying to them.
  it("applies every versioned rule to each minor version of the standard it ships", () => {
    for (const rule of RULES) {
      if (rule.schemaVersions === "*") continue;
      expect(rule.schemaVersions, rule.id).toEqual(
        SCHEMA_VERSIONS.filter((v) => v.startsWith("1.")),
      );
    }
    expect(SCHEMA_VERSIONS).toContain("1.1");
  });

  it.each(RULES.map((r) => [r.id, r] as const))(
    "%s: the valid example is clean, the invalid one breaks the rule",
    async (id, rule) => {
      const valid = await validate(rule.validExample, { file: "valid.ndjson" });
      expect(valid.findings.map(brief)).toEqual([]);
      const input = rule.invalidExampleHex
        ? hexToBytes(rule.invalidExampleHex)
        : rule.invalidExample;
      // The size rule's example stands for 20 MB: a small limit makes the small example big.
      const limits = id === "json-size-limit" ? { maxRecordBytes: 40 } : {};
      const invalid = await validate(input, { file: "invalid.ndjson", limits });
      expect(invalid.findings.map((f) => f.ruleId)).toContain(id);
    },
  );

  it("finds rules by id", () => {
    expect(getRule("ref-dangling")?.category).toBe("dataset");
    expect(getRule("no-such-rule")).toBeUndefined();
  });
});

describe("rule configuration", () => {
  const line =
    '{"type":"event","id":"ev:1","kind":"meting","date":{"value":"2022-11-17"},"endDate":{"value":"2022-11-16"}}';

  it("turns rules off and changes severities", async () => {
    const base = await validate(ndjson(line));
    expect(base.findings.map((f) => `${f.ruleId}:${f.severity}`)).toEqual([
      "schema-enum:error",
      "event-end-before-start:error",
    ]);
    const configured = await validate(ndjson(line), {
      rules: { "schema-enum": "off", "event-end-before-start": { severity: "warning" } },
    });
    expect(configured.findings.map((f) => `${f.ruleId}:${f.severity}`)).toEqual([
      "event-end-before-start:warning",
    ]);
    expect(configured.summary.counts).toEqual({ error: 0, warning: 1, info: 0 });
    expect(configured.summary.invalidRecords).toBe(0);
  });

  it("reports unknown rule ids and bad settings, with a suggestion", () => {
    expect(validateRulesConfig({ "schema-enums": "off" })).toEqual([
      "unknown rule 'schema-enums' (did you mean 'schema-enum'?)",
    ]);
    expect(validateRulesConfig({ "schema-enum": "loud" })).toHaveLength(1);
    expect(
      validateRulesConfig({ "schema-enum": "warning", "ref-dangling": { severity: "off" } }),
    ).toEqual([]);
    expect(validateRulesConfig([])).toHaveLength(1);
  });

  it("resolves default severities", () => {
    const s = resolveSeverities({ "quote-speaker-unresolved": "off" });
    expect(s.get("schema-required")).toBe("error");
    expect(s.get("format-members-participants")).toBe("warning");
    expect(s.has("quote-speaker-unresolved")).toBe(false);
  });
});

describe("caps", () => {
  // Per record: two schema-enum findings (kind, topic) and one event-end-before-start.
  const lines = Array.from(
    { length: 30 },
    (_, i) =>
      `{"type":"event","id":"ev:${i}","kind":"meting","topics":["trades"],"date":{"value":"2022-11-17"},"endDate":{"value":"2022-11-16"}}`,
  );

  it("cap the findings emitted, per rule and in total, while the summary counts all", async () => {
    const perRule = await validate(ndjson(...lines), { maxFindingsPerRule: 5 });
    expect(perRule.findings).toHaveLength(10);
    expect(perRule.summary.byRule["schema-enum"]).toEqual({
      severity: "error",
      count: 60,
      reported: 5,
    });
    expect(perRule.summary.byRule["event-end-before-start"]).toEqual({
      severity: "error",
      count: 30,
      reported: 5,
    });
    expect(perRule.summary.capped).toBe(80);
    expect(perRule.summary.rulesCapped).toEqual(["event-end-before-start", "schema-enum"]);
    expect(perRule.summary.invalidRecords).toBe(30);

    const total = await validate(ndjson(...lines), { maxFindings: 7 });
    expect(total.findings).toHaveLength(7);
    expect(total.summary.counts.error).toBe(90);
    expect(total.summary.reported).toBe(7);
    expect(total.summary.totalCapReached).toBe(true);
  });

  it("work out where a finding is only when it is itemised", () => {
    // A record's line and column cost a decode of its bytes: a capped run (the explorer lists
    // 5,000 findings) must not pay it for the thousands it only counts. Same counts either way.
    const collector = new FindingsCollector("f.ndjson", undefined, 2);
    const located: number[] = [];
    for (let i = 0; i < 5; i++)
      collector.report(
        "quote-speaker-unresolved",
        () => {
          located.push(i);
          return { line: i + 1, column: 3, offset: 10 * i };
        },
        "/speaker/unresolved",
        i,
        "unresolved",
      );
    expect(located).toEqual([0, 1]);
    expect(collector.drain().map((f) => [f.line, f.column, f.offset])).toEqual([
      [1, 3, 0],
      [2, 3, 10],
    ]);
    expect(collector.totals()).toMatchObject({ reported: 2, capped: 3, totalCapReached: true });
    expect(collector.totals().counts.info).toBe(5);
  });
});
