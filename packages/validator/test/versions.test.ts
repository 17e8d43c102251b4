/**
 * Version handling: the dataset's schemaVersion decides which rules apply. An unknown version
 * must not produce a flood of false structural findings, a version stated after the records
 * must not pass unnoticed, and a record that claims another version is flagged.
 */
import { describe, expect, it } from "vitest";
import { SUPPORTED_SCHEMA_VERSIONS, validate } from "../src/index";
import { LATEST_SCHEMA_VERSION } from "../src/versions";
import { brief, ndjson } from "./helpers";

const BAD_KIND = '{"type":"event","id":"ev:1","kind":"meting"}';

describe("schema versions", () => {
  it("knows 1.0", () => {
    expect(SUPPORTED_SCHEMA_VERSIONS).toContain("1.0");
  });

  it("an unknown version is one clear error; records then get JSON checks only", async () => {
    const text = `{"type":"dataset","schemaVersion":"9.9","title":"T"}\n${BAD_KIND}\n{"type":"event","id":"ev:2","id":"ev:3"}\n`;
    const { findings, summary } = await validate(text, { file: "t.ndjson" });
    expect(findings.map(brief)).toEqual([
      "schema-version-unknown L1:35 /schemaVersion",
      "json-duplicate-key L3:29 /id",
    ]);
    expect(summary.schemaVersion).toBe("9.9");
    expect(summary.schemaVersionSupported).toBe(false);
  });

  it("a malformed version in the header is a pattern error, and records are still checked", async () => {
    const text = `{"type":"dataset","schemaVersion":"1.0.0","title":"T"}\n${BAD_KIND}\n`;
    const { findings } = await validate(text, { file: "t.ndjson" });
    expect(findings.map((f) => `${f.ruleId} ${f.pointer}`)).toEqual([
      "schema-pattern /schemaVersion",
      "schema-enum /kind",
    ]);
  });

  it("a JSON document stating its version after the records is told so", async () => {
    // Records before the version are checked against the latest; stating it later is fine, while
    // stating an older version later is flagged.
    const same = await validate(
      `{"title":"T","records":[${BAD_KIND}],"schemaVersion":"${LATEST_SCHEMA_VERSION}"}`,
      {
        file: "t.json",
      },
    );
    expect(same.findings.map((f) => f.ruleId)).toEqual(["schema-enum"]);
    const older =
      SUPPORTED_SCHEMA_VERSIONS.find((version) => version !== LATEST_SCHEMA_VERSION) ?? "0.9";
    const other = await validate(
      `{"title":"T","records":[${BAD_KIND}],"schemaVersion":"${older}"}`,
      {
        file: "t.json",
      },
    );
    expect(other.findings.map((f) => f.ruleId)).toEqual(["schema-enum", "schema-version-mismatch"]);
    expect(other.findings[1]?.message).toMatch(/comes after the records/);
    const none = await validate(`{"title":"T","records":[${BAD_KIND}]}`, { file: "t.json" });
    expect(none.findings.map((f) => f.ruleId)).toEqual(["schema-enum", "schema-version-missing"]);
  });

  it("a record claiming another version, and a header line that is not first", async () => {
    const text = ndjson(
      '{"type":"source","id":"s:1","schemaVersion":"1.1"}',
      '{"type":"dataset","schemaVersion":"1.0","title":"again"}',
    );
    const { findings } = await validate(text, { file: "t.ndjson" });
    expect(findings.map(brief)).toEqual([
      "schema-version-mismatch L2:45 /schemaVersion",
      "dataset-structure L3:1 /type",
    ]);
  });

  it("a default version stands in for a missing one without a finding", async () => {
    const { findings } = await validate(`${BAD_KIND}\n`, {
      file: "t.ndjson",
      defaultSchemaVersion: "1.0",
    });
    expect(findings.map((f) => f.ruleId)).toEqual(["schema-enum"]);
  });
});

describe("standard 1.1", () => {
  // The 1.1 bounds say "on or after" and "on or before"; bounds that leave no day for the event
  // contradict each other, and 1.0 data cannot use them at all.
  it("accepts date bounds in 1.1, flags inverted ones, and rejects them in 1.0", async () => {
    const bounded = (notBefore: string, notAfter: string) =>
      `{"type":"event","id":"ev:1","kind":"interview","notBefore":{"value":"${notBefore}"},"notAfter":{"value":"${notAfter}"}}`;
    const header = (version: string) =>
      `{"type":"dataset","schemaVersion":"${version}","title":"T"}`;
    const ok = await validate(`${header("1.1")}\n${bounded("2022-11", "2022-11-12")}\n`, {
      file: "t.ndjson",
    });
    expect(ok.findings.map(brief)).toEqual([]);
    const inverted = await validate(`${header("1.1")}\n${bounded("2022-11-13", "2022-11-12")}\n`, {
      file: "t.ndjson",
    });
    expect(inverted.findings.map((f) => `${f.ruleId} ${f.pointer}`)).toEqual([
      "period-end-before-start /notAfter/value",
    ]);
    const old = await validate(`${header("1.0")}\n${bounded("2022-11", "2022-11-12")}\n`, {
      file: "t.ndjson",
    });
    expect(old.findings.map((f) => f.ruleId)).toEqual([
      "schema-additional-property",
      "schema-additional-property",
    ]);
  });
});

describe("reading control", () => {
  it("stops when aborted and says so in the summary", async () => {
    const controller = new AbortController();
    async function* lines() {
      yield new TextEncoder().encode(ndjson(BAD_KIND));
      controller.abort();
      for (let i = 0; i < 1000; i++)
        yield new TextEncoder().encode(`${BAD_KIND.replace("ev:1", `ev:x${i}`)}\n`);
    }
    const { summary } = await validate(lines(), { file: "t.ndjson", signal: controller.signal });
    expect(summary.aborted).toBe(true);
    expect(summary.records).toBeLessThan(1000);
  });

  it("reports progress", async () => {
    const seen: number[] = [];
    await validate(ndjson(BAD_KIND), { onProgress: (p) => seen.push(p.records) });
    expect(seen.at(-1)).toBe(1);
  });
});
