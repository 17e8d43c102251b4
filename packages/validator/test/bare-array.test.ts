import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { documentPointer, type Finding, validate } from "../src/index";
import { LATEST_SCHEMA_VERSION } from "../src/versions";
import { chunked, repoRoot } from "./helpers";

/**
 * Third-party JSON most often arrives as a bare array of records (PLOVER publishes its gold
 * records that way), with no dataset object to hold a version. The validator reads such an
 * array record by record, exactly as it reads the `records` of a dataset document.
 */
const seed = JSON.parse(readFileSync(join(repoRoot, "examples/seed/seed.json"), "utf8")) as {
  schemaVersion: string;
  records: Array<Record<string, unknown>>;
};

/** What a finding says about a record, leaving out where the record sits in the file. */
const gist = (f: Finding) => `${f.ruleId} #${f.recordIndex} ${f.recordId ?? ""} ${f.pointer}`;

function brokenRecords(): Array<Record<string, unknown>> {
  const records = structuredClone(seed.records);
  const event = records.findIndex((r) => r.type === "event");
  records[event] = { ...records[event], kind: "meting", date: { value: "2022-02-30" } };
  const quote = records.findIndex((r) => r.type === "quote");
  records[quote] = { ...records[quote], speaker: { person: "person:nobody" } };
  return records;
}

describe("a bare JSON array of records", () => {
  it("gets the same findings, record by record, as the same records in a dataset document", async () => {
    const records = brokenRecords();
    const asDocument = JSON.stringify(
      { schemaVersion: LATEST_SCHEMA_VERSION, title: "t", records },
      null,
      2,
    );
    const asArray = JSON.stringify(records, null, 2);
    const fromDocument = await validate(asDocument, { file: "d.json" });
    const fromArray = await validate(asArray, { file: "a.json" });
    expect(fromArray.findings.map(gist)).toEqual(fromDocument.findings.map(gist));
    // The three problems planted above, not a dataset-structure error at 1:1.
    expect(fromArray.findings.map((f) => f.ruleId).sort()).toEqual([
      "date-impossible",
      "ref-dangling",
      "schema-enum",
    ]);
    expect(fromArray.summary.format).toBe("json-array");
    expect(fromArray.summary.records).toBe(records.length);
  });

  it("positions each finding exactly, and its document pointer starts at the array (/3/date is record 3)", async () => {
    const records = brokenRecords();
    const text = JSON.stringify(records, null, 1);
    const bytes = new TextEncoder().encode(text);
    const { findings } = await validate(text, { file: "a.json" });
    const kind = findings.find((f) => f.ruleId === "schema-enum") as Finding;
    // The offset is the byte where the bad value starts; line and column agree with it.
    expect(new TextDecoder().decode(bytes.subarray(kind.offset, kind.offset + 8))).toBe('"meting"');
    const before = text.slice(0, new TextDecoder().decode(bytes.subarray(0, kind.offset)).length);
    expect(kind.line).toBe(before.split("\n").length);
    expect(kind.column).toBe(before.length - before.lastIndexOf("\n"));
    expect(documentPointer(kind, "json-array")).toBe(`/${kind.recordIndex}/kind`);
    expect(documentPointer(kind)).toBe(`/records/${kind.recordIndex}/kind`);
  });

  it("reads the same across any chunking of the bytes", async () => {
    const text = JSON.stringify(brokenRecords(), null, 2);
    const bytes = new TextEncoder().encode(text);
    const whole = (await validate(bytes, { file: "a.json" })).findings;
    for (const sizes of [[1], [7, 3], [4096]]) {
      const pieces = (await validate(chunked(bytes, sizes), { file: "a.json" })).findings;
      expect(pieces).toEqual(whole);
    }
  });

  it("is checked against the latest version unless told otherwise, and the summary says which", async () => {
    // notBefore exists since 1.1: fine against the latest version, unknown against 1.0.
    const records = [
      { type: "event", id: "e:1", kind: "meeting", notBefore: { value: "2022-11" } },
    ];
    const latest = await validate(JSON.stringify(records), { file: "a.json" });
    expect(latest.summary.assumedSchemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(latest.summary.schemaVersion).toBeNull();
    // No version to declare, so none is reported missing.
    expect(latest.findings).toEqual([]);
    const old = await validate(JSON.stringify(records), {
      file: "a.json",
      defaultSchemaVersion: "1.0",
    });
    expect(old.summary.assumedSchemaVersion).toBe("1.0");
    expect(old.findings.map((f) => `${f.ruleId} ${f.pointer}`)).toEqual([
      "schema-additional-property /notBefore",
    ]);
  });

  it("a dataset document declares its version, so its summary assumes none", async () => {
    const { summary } = await validate(JSON.stringify(seed), { file: "seed.json" });
    expect(summary.format).toBe("json");
    expect(summary.assumedSchemaVersion).toBeUndefined();
  });

  it("a truncated array, a trailing comma and text after the array are syntax errors", async () => {
    const one = '{"type":"person","id":"p:1","names":[{"value":"A","lang":"en"}]}';
    const truncated = await validate(`[${one},${one.slice(0, 20)}`, { file: "a.json" });
    expect(truncated.summary.aborted).toBe(true);
    expect(truncated.findings.map((f) => f.message)).toEqual([
      expect.stringContaining("truncated inside record 1"),
    ]);
    const trailing = await validate(`[${one},]`, { file: "a.json" });
    expect(trailing.findings.map((f) => f.message)).toEqual([
      expect.stringContaining("trailing comma"),
    ]);
    const after = await validate(`[${one}] [`, { file: "a.json" });
    expect(after.findings.map((f) => `${f.ruleId} ${f.line}:${f.column}`)).toEqual([
      `json-syntax 1:${one.length + 4}`,
    ]);
  });
});
